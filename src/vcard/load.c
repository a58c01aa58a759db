/*
 * load.c - reading the EF contents and private keys of a description.
 */
#include "config.h"

#include <sys/stat.h>

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>

#include "common/buf.h"
#include "common/err.h"
#include "common/mem.h"
#include "vcard/desc.h"
#include "vcard/load.h"

#define RSA_BITS_MIN	1024
#define RSA_BITS_MAX	4096
#define PEM_MAX		(64 * 1024)

static int
read_all(int fd, uint8_t *buf, size_t n)
{
	ssize_t r;
	size_t got = 0;

	while (got < n) {
		r = read(fd, buf + got, n - got);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			return -1;
		got += (size_t)r;
	}
	return 0;
}

int
vc_load_file(const char *path, size_t max, uint8_t **data, size_t *len,
    const char **why)
{
	struct stat st;
	uint8_t *buf = NULL;
	int fd, ok = -1;

	*why = NULL;
	errno = 0;
	if ((fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC)) < 0 ||
	    fstat(fd, &st) != 0)
		goto fail;
	if (!S_ISREG(st.st_mode))
		*why = "not a regular file";
	else if (st.st_size == 0)
		*why = "empty file";
	else if ((uintmax_t)st.st_size > max)
		*why = "file too large";
	if (*why != NULL)
		goto fail;
	if ((buf = malloc((size_t)st.st_size)) == NULL ||
	    read_all(fd, buf, (size_t)st.st_size) != 0)
		goto fail;
	*data = buf;
	*len = (size_t)st.st_size;
	buf = NULL;
	ok = 0;
fail:
	if (ok != 0 && *why == NULL)
		*why = errno != 0 ? strerror(errno) : "short read";
	if (fd >= 0)
		close(fd);
	free(buf);
	return ok;
}

/* A BER tag: one byte, or more for tag numbers above 30. */
static int
der_tag(const uint8_t **p, size_t *len)
{
	uint8_t b;

	if (buf_u8(p, len, &b) != EBID_OK)
		return -1;
	if ((b & 0x1F) != 0x1F)
		return 0;
	do {
		if (buf_u8(p, len, &b) != EBID_OK)
			return -1;
	} while (b & 0x80);
	return 0;
}

/* A definite length of at most 4 bytes, minimal or not. */
static int
der_len(const uint8_t **p, size_t *len, size_t *out)
{
	uint8_t b, n;
	size_t v = 0;

	if (buf_u8(p, len, &b) != EBID_OK || b == 0x80 || b > 0x84)
		return -1;
	if (b < 0x80) {
		*out = b;
		return 0;
	}
	for (n = b & 0x7F; n > 0; n--) {
		if (buf_u8(p, len, &b) != EBID_OK)
			return -1;
		v = v << 8 | b;
	}
	*out = v;
	return 0;
}

int
vc_load_der_check(const uint8_t *data, size_t n, const char **why)
{
	static const char pem[] = "-----BEGIN";
	const uint8_t *p = data;
	size_t len = n, vlen;

	if (n >= sizeof(pem) - 1 && memcmp(data, pem, sizeof(pem) - 1) == 0) {
		*why = "PEM, not DER (convert it with openssl ... "
		    "-outform DER)";
		return -1;
	}
	if (der_tag(&p, &len) != 0 || der_len(&p, &len, &vlen) != 0) {
		*why = "does not start with a DER tag and definite length";
		return -1;
	}
	if (vlen != len) {
		*why = vlen > len ? "DER object longer than the file" :
		    "bytes after the DER object";
		return -1;
	}
	return 0;
}

/* Never prompt for a passphrase: an encrypted key is an error. */
static int
no_passphrase(char *buf, int size, int rwflag, void *u)
{
	(void)buf;
	(void)size;
	(void)rwflag;
	(void)u;
	return -1;
}

static int
rsa_usable(EVP_PKEY *pk, const char **why)
{
	int bits;

	if (!EVP_PKEY_is_a(pk, "RSA")) {
		*why = "not an RSA key (RSA-PSS and EC are not supported)";
		return -1;
	}
	bits = EVP_PKEY_get_bits(pk);
	if (bits < RSA_BITS_MIN || bits > RSA_BITS_MAX) {
		*why = "RSA key size outside 1024..4096 bits";
		return -1;
	}
	return 0;
}

int
vc_load_rsa_pem(const char *path, EVP_PKEY **out, const char **why)
{
	EVP_PKEY *pk = NULL;
	uint8_t *pem = NULL;
	size_t len = 0;
	BIO *bio = NULL;
	int ok = -1;

	ERR_clear_error();
	if (vc_load_file(path, PEM_MAX, &pem, &len, why) != 0)
		goto fail;
	if (len > INT_MAX || (bio = BIO_new_mem_buf(pem, (int)len)) == NULL) {
		*why = "out of memory";
		goto fail;
	}
	pk = PEM_read_bio_PrivateKey(bio, NULL, no_passphrase, NULL);
	if (pk == NULL) {
		*why = "no unencrypted private key in PEM form";
		goto fail;
	}
	if (rsa_usable(pk, why) != 0)
		goto fail;
	*out = pk;
	pk = NULL;
	ok = 0;
fail:
	ERR_clear_error();
	EVP_PKEY_free(pk);
	BIO_free(bio);
	if (pem != NULL)
		mem_wipe(pem, len);
	free(pem);
	return ok;
}

int
vc_load_x509_check(const uint8_t *data, size_t n, const char **why)
{
	const unsigned char *p = data;
	X509 *x;
	int ok = -1;

	if (n > LONG_MAX || (x = d2i_X509(NULL, &p, (long)n)) == NULL) {
		*why = "not an X.509 certificate";
		goto fail;
	}
	if (p != data + n)
		*why = "bytes after the certificate";
	else
		ok = 0;
	X509_free(x);
fail:
	ERR_clear_error();
	return ok;
}
