// Module TLS: OpenSSL contexts, SNI selection, sessions over memory BIOs.
internal import COpenSSL
