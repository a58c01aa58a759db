/*
 * sanity.h - what no accredited CA issues on a card today, refused
 * whatever the chain says: each rule with its own plain reason.
 */
#ifndef EBID_POLICY_SANITY_H
#define EBID_POLICY_SANITY_H

#include <stddef.h>

#include <openssl/x509.h>

#include "policy/oid.h"

#define POL_RSA_BITS_MIN	2048	/* CA/Browser and CRYPTREC floor */

/*
 * Adds a reason to out for each rule cert breaks: an RSA key under
 * POL_RSA_BITS_MIN bits (POL_REFUSE_KEY), a signature made with MD2,
 * MD4, MD5 or SHA-1 or with an algorithm OpenSSL does not know
 * (POL_REFUSE_SIGNATURE), a keyUsage that is present and allows
 * neither digitalSignature nor nonRepudiation (POL_REFUSE_USAGE; no
 * keyUsage at all restricts nothing), basicConstraints CA:TRUE, or a
 * certificate that is one of the configured authorities' CA
 * certificates itself (POL_REFUSE_CA).  A keyUsage or basicConstraints
 * extension that does not decode is POL_DENY_MALFORMED (fail closed).
 * A key other than RSA is POL_REFUSE_KEY too: the module offers RSA
 * mechanisms only, so it could never sign with it.
 */
struct pol_authority;

void pol_cert_sanity(X509 *cert, const struct pol_authority *auths,
    size_t nauths, struct pol_reasons *out);

#endif
