# Portico container image: a static-stdlib release build on the official Swift image, run on
# a slim Debian with only the two C libraries Portico links (OpenSSL, libcurl) and CA roots.
#   docker build -t portico:dev .
#   docker run --rm -p 8080:8080 -v "$PWD/examples:/manifests:ro" portico:dev --manifests /manifests

# The toolchain the project is developed with (Swift 6.3); override with --build-arg.
ARG SWIFT_IMAGE=swift:6.3-bookworm

# ---- build ---------------------------------------------------------------------------------
FROM ${SWIFT_IMAGE} AS build
RUN apt-get update \
 && apt-get install -y --no-install-recommends libssl-dev libcurl4-openssl-dev \
 && rm -rf /var/lib/apt/lists/*
WORKDIR /src
# The whole package (see .dockerignore): Package.swift names test and benchmark targets too, and
# SwiftPM refuses a manifest whose target folders are missing.
COPY . .
RUN swift build -c release --static-swift-stdlib --product portico \
 && install -D -m 0755 "$(swift build -c release --static-swift-stdlib --show-bin-path)/portico" /out/portico

# ---- runtime -------------------------------------------------------------------------------
FROM debian:bookworm-slim
RUN apt-get update \
 && apt-get install -y --no-install-recommends libssl3 libcurl4 ca-certificates \
 && rm -rf /var/lib/apt/lists/* \
 && groupadd --system --gid 65532 portico \
 && useradd --system --uid 65532 --gid 65532 --no-create-home --home-dir /nonexistent \
      --shell /usr/sbin/nologin portico
COPY --from=build /out/portico /usr/local/bin/portico
USER 65532:65532
# HTTP, HTTPS, admin (/metrics, /healthz, /readyz).
EXPOSE 8080 8443 10254
ENTRYPOINT ["portico", "serve"]
