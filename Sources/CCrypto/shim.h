#ifndef WINNOW_CCRYPTO_SHIM_H
#define WINNOW_CCRYPTO_SHIM_H
// OpenSSL's libcrypto for SHA-256 (it uses the CPU's SHA extensions where present), scrypt for password hashes, HMAC
// for tokens a server can check without storing them, and its random generator for salts and tokens.
// The SHA256_* functions are marked deprecated in OpenSSL 3 in favour of EVP, but are kept and fast; a plain struct
// context suits a value type.
#define OPENSSL_SUPPRESS_DEPRECATED 1
#include <openssl/sha.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/hmac.h>
#endif
