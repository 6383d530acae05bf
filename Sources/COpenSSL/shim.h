// OpenSSL 3 headers plus static inline wrappers for the macros Swift cannot call.
#ifndef PORTICO_COPENSSL_SHIM_H
#define PORTICO_COPENSSL_SHIM_H
#include <string.h>
#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/ec.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <openssl/bio.h>
#include <openssl/rand.h>
#include <openssl/hmac.h>
#include <openssl/sha.h>
#include <openssl/core_names.h>
#include <openssl/params.h>
#include <openssl/ocsp.h>

// MARK: - SSL_CTX configuration macros

static inline int portico_SSL_CTX_set_min_proto_version(SSL_CTX *ctx, int version) {
    return (int)SSL_CTX_set_min_proto_version(ctx, version);
}
static inline int portico_SSL_CTX_set_max_proto_version(SSL_CTX *ctx, int version) {
    return (int)SSL_CTX_set_max_proto_version(ctx, version);
}
static inline int portico_SSL_set_min_proto_version(SSL *ssl, int version) {
    return (int)SSL_set_min_proto_version(ssl, version);
}
static inline int portico_SSL_set_max_proto_version(SSL *ssl, int version) {
    return (int)SSL_set_max_proto_version(ssl, version);
}
static inline long portico_SSL_CTX_set_mode(SSL_CTX *ctx, long mode) {
    return SSL_CTX_set_mode(ctx, mode);
}
static inline int portico_SSL_CTX_set1_groups_list(SSL_CTX *ctx, const char *list) {
    return (int)SSL_CTX_set1_groups_list(ctx, list);
}
static inline long portico_SSL_CTX_set_dh_auto(SSL_CTX *ctx, int onoff) {
    return SSL_CTX_set_dh_auto(ctx, onoff);
}
static inline int portico_SSL_CTX_add1_chain_cert(SSL_CTX *ctx, X509 *x509) {
    return (int)SSL_CTX_add1_chain_cert(ctx, x509);
}
static inline long portico_SSL_CTX_set_session_cache_mode(SSL_CTX *ctx, long mode) {
    return SSL_CTX_set_session_cache_mode(ctx, mode);
}
static inline long portico_SSL_CTX_set_servername_callback(SSL_CTX *ctx,
                                                          int (*cb)(SSL *, int *, void *)) {
    return SSL_CTX_set_tlsext_servername_callback(ctx, cb);
}

// SSL_OP_* use SSL_OP_BIT(n), a function-like macro Swift does not import.
static inline uint64_t portico_SSL_OP_NO_RENEGOTIATION(void) { return SSL_OP_NO_RENEGOTIATION; }
static inline uint64_t portico_SSL_OP_CIPHER_SERVER_PREFERENCE(void) { return SSL_OP_CIPHER_SERVER_PREFERENCE; }
static inline uint64_t portico_SSL_OP_NO_COMPRESSION(void) { return SSL_OP_NO_COMPRESSION; }
static inline uint64_t portico_SSL_OP_NO_TICKET(void) { return SSL_OP_NO_TICKET; }
static inline uint64_t portico_SSL_OP_IGNORE_UNEXPECTED_EOF(void) { return SSL_OP_IGNORE_UNEXPECTED_EOF; }

// MARK: - Per-connection macros

static inline int portico_SSL_set_tlsext_host_name(SSL *ssl, const char *name) {
    return (int)SSL_set_tlsext_host_name(ssl, name);
}
static inline int portico_SSL_set_app_data(SSL *ssl, void *arg) {
    return SSL_set_app_data(ssl, arg);
}
static inline void *portico_SSL_get_app_data(const SSL *ssl) {
    return SSL_get_app_data(ssl);
}

// MARK: - OCSP stapling macros (RFC 6066 §8)

static inline long portico_SSL_CTX_set_tlsext_status_cb(SSL_CTX *ctx, int (*cb)(SSL *, void *)) {
    return SSL_CTX_set_tlsext_status_cb(ctx, cb);
}
static inline long portico_SSL_CTX_set_tlsext_status_arg(SSL_CTX *ctx, void *arg) {
    return SSL_CTX_set_tlsext_status_arg(ctx, arg);
}
/// Copies `der` into OpenSSL-owned memory and staples it to this handshake.
static inline int portico_SSL_staple_ocsp_response(SSL *ssl, const unsigned char *der, size_t length) {
    unsigned char *copy = OPENSSL_malloc(length);
    if (copy == NULL) return 0;
    memcpy(copy, der, length);
    if (SSL_set_tlsext_status_ocsp_resp(ssl, copy, (long)length) != 1) {
        OPENSSL_free(copy);
        return 0;
    }
    return 1;
}
static inline long portico_SSL_request_ocsp_status(SSL *ssl) {
    return SSL_set_tlsext_status_type(ssl, TLSEXT_STATUSTYPE_ocsp);
}
static inline long portico_SSL_get_ocsp_response(SSL *ssl, const unsigned char **der) {
    return SSL_get_tlsext_status_ocsp_resp(ssl, der);
}

// MARK: - BIO and error macros

static inline long portico_BIO_get_mem_data(BIO *bio, char **data) {
    return BIO_get_mem_data(bio, data);
}
/// Bytes a memory BIO has allocated (its BUF_MEM's `max`), to spot buffers worth freeing.
static inline size_t portico_BIO_mem_capacity(BIO *bio) {
    BUF_MEM *mem = NULL;
    if (BIO_get_mem_ptr(bio, &mem) <= 0 || mem == NULL) return 0;
    return mem->max;
}
static inline long portico_BIO_set_mem_eof_return(BIO *bio, int value) {
    return BIO_set_mem_eof_return(bio, value);
}
static inline int portico_ERR_GET_REASON(unsigned long code) {
    return ERR_GET_REASON(code);
}
static inline int portico_ERR_GET_LIB(unsigned long code) {
    return ERR_GET_LIB(code);
}
static inline void portico_OPENSSL_free(void *p) {
    OPENSSL_free(p);
}

// MARK: - Variadic and parameter-array helpers

/// EVP_EC_gen is a macro over the variadic EVP_PKEY_Q_keygen.
static inline EVP_PKEY *portico_EVP_EC_gen(const char *curve) {
    return EVP_PKEY_Q_keygen(NULL, NULL, "EC", curve);
}

/// Keys the session-ticket HMAC (RFC 5077 §4 recommends HMAC-SHA-256) for
/// SSL_CTX_set_tlsext_ticket_key_evp_cb; OSSL_PARAM arrays are awkward from Swift.
static inline int portico_ticket_mac_init(EVP_MAC_CTX *mac, const unsigned char *key, size_t keylen) {
    OSSL_PARAM params[2];
    params[0] = OSSL_PARAM_construct_utf8_string(OSSL_MAC_PARAM_DIGEST, (char *)"SHA256", 0);
    params[1] = OSSL_PARAM_construct_end();
    return EVP_MAC_init(mac, key, keylen, params);
}

#endif
