#include <openssl/ssl.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

/* OpenSSL's macros, as functions Swift can call. */
static inline long vigil_ssl_set_server_name(SSL *ssl, const char *name) {
    return SSL_set_tlsext_host_name(ssl, name);
}

/* The protocol versions a context offers: max 0 leaves the library's highest. */
static inline int vigil_ssl_ctx_set_versions(SSL_CTX *ctx, int min, int max) {
    if (!SSL_CTX_set_min_proto_version(ctx, min)) return 0;
    return max == 0 ? 1 : (int)SSL_CTX_set_max_proto_version(ctx, max);
}
