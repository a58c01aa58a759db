/*
 * dinfo.h - the DER DigestInfo prefixes of PKCS#1 v1.5 signatures
 * (RFC 8017 section 9.2, note 1): SEQUENCE { AlgorithmIdentifier with
 * NULL parameters, OCTET STRING of the hash }, up to the hash itself.
 * One table for the module's mechanisms and ebid-tool's interop test;
 * sizeof gives each length.
 */
#ifndef EBID_COMMON_DINFO_H
#define EBID_COMMON_DINFO_H

#include <stdint.h>

extern const uint8_t ebid_di_sha1[15];
extern const uint8_t ebid_di_sha256[19];
extern const uint8_t ebid_di_sha384[19];
extern const uint8_t ebid_di_sha512[19];

#endif
