/*
 * decide.c - one policy decision per card.
 *
 * In order, every check runs and adds its reasons, so that a person sees
 * every cause at once: the deny rules no configuration can switch off
 * (My Number, corporate registry), the chain to a configured authority
 * with the validity dates, the authority's accepted policies, and the
 * name binding to the bidders' registry (relaxed, loudly, in audit mode;
 * the deny rules and the PIN guard never are).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <openssl/evp.h>
#include <openssl/x509_vfy.h>

#include "common/err.h"
#include "common/log.h"
#include "policy/decide.h"
#include "policy/sanity.h"

#define DECIDE_TEXT	256

int
pol_date_text(const ASN1_TIME *t, char *out, size_t n)
{
	struct tm tm;

	if (t == NULL || out == NULL || n == 0)
		return EBID_ERR_ARG;
	out[0] = '\0';
	if (ASN1_TIME_to_tm(t, &tm) != 1)
		return EBID_ERR_PARSE;
	snprintf(out, n, "%04d-%02d-%02d", tm.tm_year + 1900, tm.tm_mon + 1,
	    tm.tm_mday);
	return EBID_OK;
}

/* A certificate date as YYYY-MM-DD (UTC), for a reason. */
static void
date_text(const ASN1_TIME *t, char *out, size_t n)
{
	if (pol_date_text(t, out, n) != EBID_OK)
		snprintf(out, n, "(unreadable date)");
}

/*
 * RFC 5280 4.1.2.5: a certificate is valid from notBefore through
 * notAfter, both inclusive.  OpenSSL counts the notAfter second itself
 * as expired; this puts that one second back, for every certificate of
 * the chain.
 */
static int
verify_cb(int ok, X509_STORE_CTX *ctx)
{
	X509 *x = X509_STORE_CTX_get_current_cert(ctx);
	const X509_VERIFY_PARAM *vp = X509_STORE_CTX_get0_param(ctx);

	if (ok || X509_STORE_CTX_get_error(ctx) !=
	    X509_V_ERR_CERT_HAS_EXPIRED || x == NULL || vp == NULL)
		return ok;
	if (ASN1_TIME_cmp_time_t(X509_get0_notAfter(x),
	    X509_VERIFY_PARAM_get_time(vp)) == 0) {
		X509_STORE_CTX_set_error(ctx, X509_V_OK);
		return 1;
	}
	return ok;
}

/* Verify against one authority's CAs; the X509_V_* result. */
static int
verify_with(const struct pol_input *in, const struct pol_authority *a)
{
	X509_STORE_CTX *ctx = NULL;
	X509_STORE *st = NULL;
	STACK_OF(X509) *untrusted = NULL;
	int i, err = X509_V_ERR_UNSPECIFIED;

	if ((st = X509_STORE_new()) == NULL ||
	    (ctx = X509_STORE_CTX_new()) == NULL)
		goto out;
	for (i = 0; a->cas != NULL && i < sk_X509_num(a->cas); i++)
		X509_STORE_add_cert(st, sk_X509_value(a->cas, i));
	for (i = 0; a->crls != NULL && i < sk_X509_CRL_num(a->crls); i++)
		X509_STORE_add_crl(st, sk_X509_CRL_value(a->crls, i));
	X509_STORE_set_verify_cb(st, verify_cb);
	X509_STORE_set_flags(st, X509_V_FLAG_PARTIAL_CHAIN |
	    (a->crls != NULL ? X509_V_FLAG_CRL_CHECK : 0));
	if (in->card_ca != NULL && (untrusted = sk_X509_new_null()) != NULL)
		sk_X509_push(untrusted, in->card_ca);
	if (X509_STORE_CTX_init(ctx, st, in->cert, untrusted) != 1)
		goto out;
	X509_STORE_CTX_set_time(ctx, 0, in->now);
	err = X509_verify_cert(ctx) == 1 ? X509_V_OK :
	    X509_STORE_CTX_get_error(ctx);
out:
	sk_X509_free(untrusted);
	X509_STORE_CTX_free(ctx);
	X509_STORE_free(st);
	return err;
}

/* Does the failure mean the authority issued it but dates are wrong? */
static int
is_validity(int err)
{
	return err == X509_V_ERR_CERT_HAS_EXPIRED ||
	    err == X509_V_ERR_CERT_NOT_YET_VALID ||
	    err == X509_V_ERR_CERT_REVOKED ||
	    err == X509_V_ERR_CRL_HAS_EXPIRED ||
	    err == X509_V_ERR_CRL_NOT_YET_VALID ||
	    err == X509_V_ERR_UNABLE_TO_GET_CRL;
}

static void
add_validity(const struct pol_input *in, int err, struct pol_reasons *r)
{
	char d[32], en[DECIDE_TEXT], ja[DECIDE_TEXT];

	if (err == X509_V_ERR_CRL_HAS_EXPIRED ||
	    err == X509_V_ERR_CRL_NOT_YET_VALID ||
	    err == X509_V_ERR_UNABLE_TO_GET_CRL) {
		snprintf(en, sizeof(en), "revocation cannot be checked: the "
		    "authority's CRL (crl_file) %s", err ==
		    X509_V_ERR_UNABLE_TO_GET_CRL ? "does not cover this "
		    "certificate's issuer" : "is out of date");
		snprintf(ja, sizeof(ja), "失効を確認できません: 認証局の CRL "
		    "（crl_file）が%s", err == X509_V_ERR_UNABLE_TO_GET_CRL ?
		    "この発行者のものではありません" : "有効期間外です");
	} else if (err == X509_V_ERR_CERT_REVOKED) {
		snprintf(en, sizeof(en), "certificate revoked by its "
		    "authority (CRL)");
		snprintf(ja, sizeof(ja), "証明書は認証局により失効しています"
		    "（CRL）");
	} else if (err == X509_V_ERR_CERT_HAS_EXPIRED) {
		date_text(X509_get0_notAfter(in->cert), d, sizeof(d));
		snprintf(en, sizeof(en), "certificate expired on %s", d);
		snprintf(ja, sizeof(ja), "証明書は %s に有効期限が切れています",
		    d);
	} else {
		date_text(X509_get0_notBefore(in->cert), d, sizeof(d));
		snprintf(en, sizeof(en), "certificate not valid before %s", d);
		snprintf(ja, sizeof(ja), "証明書は %s まで有効になりません", d);
	}
	pol_reasons_add(r, POL_REFUSE_VALIDITY, en, ja);
}

static void
add_untrusted(const struct pol_input *in, int err, struct pol_reasons *r)
{
	char iss[DECIDE_TEXT / 2], en[DECIDE_TEXT], ja[DECIDE_TEXT];

	if (pol_name_text(X509_get_issuer_name(in->cert), XN_FLAG_RFC2253, iss,
	    sizeof(iss)) != EBID_OK)
		snprintf(iss, sizeof(iss), "(unreadable name)");
	snprintf(en, sizeof(en), "issuer %s is not a configured authority "
	    "(%s)", iss, X509_verify_cert_error_string(err));
	snprintf(ja, sizeof(ja), "発行者 %s は設定された認証局ではありません",
	    iss);
	pol_reasons_add(r, POL_REFUSE_TRUST, en, ja);
}

/*
 * The certificate's own dates, for one no authority issued (with an
 * authority, the chain check reports them): valid from notBefore through
 * notAfter, both inclusive.
 */
static void
check_dates(const struct pol_input *in, struct pol_reasons *r)
{
	if (ASN1_TIME_cmp_time_t(X509_get0_notBefore(in->cert), in->now) > 0)
		add_validity(in, X509_V_ERR_CERT_NOT_YET_VALID, r);
	else if (ASN1_TIME_cmp_time_t(X509_get0_notAfter(in->cert),
	    in->now) < 0)
		add_validity(in, X509_V_ERR_CERT_HAS_EXPIRED, r);
}

/*
 * The authority whose CAs verify the certificate.  An authority that
 * issued it but whose check fails on the dates still names the card, and
 * the refusal gives the date.
 */
static void
check_trust(const struct pol_input *in, struct pol_decision *d)
{
	const struct pol_authority *dated = NULL, *ok = NULL;
	int err, dated_err = 0, other = X509_V_ERR_UNABLE_TO_GET_ISSUER_CERT;
	int crit = 0;	/* a configured authority's chain failed on it */
	size_t i;

	/*
	 * Every authority is asked: a revocation by one is final, even if
	 * another authority with the same CA but no CRL would accept.
	 */
	for (i = 0; i < in->nauths; i++) {
		if (ok != NULL && in->auths[i].crls == NULL)
			continue;	/* only a CRL could still refuse it */
		err = verify_with(in, &in->auths[i]);
		if (err == X509_V_OK) {
			if (ok == NULL)
				ok = &in->auths[i];
		} else if (err == X509_V_ERR_CERT_REVOKED) {
			dated = &in->auths[i];
			dated_err = err;
		} else if (is_validity(err) && dated == NULL) {
			dated = &in->auths[i];
			dated_err = err;
		} else if (err == X509_V_ERR_UNHANDLED_CRITICAL_EXTENSION) {
			crit = 1;
			other = err;
		} else if (!is_validity(err)) {
			other = err;
		}
	}
	if (ok != NULL && dated_err != X509_V_ERR_CERT_REVOKED) {
		d->auth = ok;
	} else if (dated != NULL) {
		d->auth = dated;
		add_validity(in, dated_err, d->reasons);
	} else if (d->reasons->n == 0 || !crit) {
		/*
		 * Untrusted, and every other cause too (its dates).  But a
		 * card a deny rule refused whose chain to a configured
		 * authority failed on a critical extension is not also
		 * "untrusted": the corporate
		 * card's private extension alone fails OpenSSL's check, and
		 * the deny rule is the real cause.
		 */
		add_untrusted(in, other, d->reasons);
		check_dates(in, d->reasons);
	}
}

/* 1 if one of the certificate's policies is one the authority accepts. */
static int
policy_accepted(const struct pol_authority *a, const struct pol_oids *oids)
{
	size_t i, j;

	for (i = 0; i < a->npolicies; i++)
		for (j = 0; j < oids->n; j++)
			if (oids->v[j].src == POL_SRC_CP &&
			    pol_oid_pat_match(&a->policies[i], oids->v[j].der,
			    oids->v[j].len))
				return 1;
	return 0;
}

static void
check_policy(const struct pol_input *in, struct pol_decision *d)
{
	struct pol_oids *oids;
	int ok = 0;

	if (d->auth == NULL || d->auth->npolicies == 0)
		return;
	if ((oids = calloc(1, sizeof(*oids))) != NULL &&
	    pol_oid_collect(in->cert, oids) == EBID_OK)
		ok = policy_accepted(d->auth, oids);
	if (!ok)
		pol_reasons_add(d->reasons, POL_REFUSE_POLICY,
		    "no certificate policy accepted for this authority",
		    "この認証局で受け付ける証明書ポリシーがありません");
	free(oids);
}

/* Bidders that registered this card, by SHA-256 of the certificate. */
static int
registered_to(const struct pol_bidder *b, const uint8_t *fp)
{
	size_t i;

	for (i = 0; i < b->ncards; i++)
		if (memcmp(b->cards[i], fp, POL_FP_LEN) == 0)
			return 1;
	return 0;
}

static void
check_binding(const struct pol_input *in, struct pol_decision *d)
{
	struct pol_bind_result res;
	struct pol_names *names = NULL;
	char en[DECIDE_TEXT], ja[DECIDE_TEXT];
	uint8_t fp[POL_FP_LEN];
	unsigned int fplen = 0;
	size_t i;
	int seen = 0;

	if (in->audit) {
		d->audit_relaxed = 1;
		log_warn("AUDIT MODE: name binding not checked for this card");
		return;
	}
	if (in->registry_error != NULL) {	/* every card, until fixed */
		snprintf(en, sizeof(en), "bidders' registry unreadable, every "
		    "card refused until it is fixed: %s", in->registry_error);
		snprintf(ja, sizeof(ja), "業者の登録簿を読めないため、直すまで"
		    "すべてのカードを受け付けません: %s",
		    in->registry_error_ja != NULL ? in->registry_error_ja :
		    in->registry_error);
		pol_reasons_add(d->reasons, POL_REFUSE_REGISTRY, en, ja);
		return;
	}
	if (X509_digest(in->cert, EVP_sha256(), fp, &fplen) != 1 ||
	    fplen != POL_FP_LEN || pol_names_from_cert(in->cert,
	    d->auth != NULL && d->auth->holder_org ? POL_NAMES_ORG : 0, &names) !=
	    EBID_OK) {
		pol_reasons_add(d->reasons, POL_DENY_MALFORMED,
		    "holder names or fingerprint could not be computed",
		    "名義または指紋を計算できません");
		goto out;	/* fail closed */
	}
	memset(&res, 0, sizeof(res));
	for (i = 0; in->registry != NULL && i < in->registry->nrows; i++) {
		const struct pol_bidder *b = &in->registry->rows[i];

		if (!registered_to(b, fp))
			continue;
		seen = 1;
		if (pol_bind_decide(b->representative,
		    (const char *const *)b->delegates, b->ndelegates, names,
		    in->rule, in->variants, &res) == EBID_OK && res.accepted) {
			d->bidder = b;
			goto out;
		}
	}
	if (in->registry == NULL)
		pol_reasons_add(d->reasons, POL_REFUSE_REGISTRY,
		    "no bidders' registry is installed (ebid-tool registry "
		    "import)", "業者の登録簿がありません（ebid-tool registry "
		    "import）");
	else if (!seen)
		pol_reasons_add(d->reasons, POL_REFUSE_REGISTRY,
		    "card not registered to any bidder (利用者登録)",
		    "このカードはどの業者にも登録されていません");
	else
		pol_reasons_add(d->reasons, POL_REFUSE_BINDING, res.en,
		    res.ja);
out:
	pol_names_free(&names);
}

/* What the card itself says, beside its certificate (fail closed). */
static void
check_card(const struct pol_input *in, struct pol_decision *d)
{
	if (in->card_jpki > 0)
		pol_reasons_add(d->reasons, POL_DENY_JPKI, "My Number card "
		    "(JPKI): it answers the JPKI application (AID D3 92 F0 00 "
		    "26 01 00 00 00 01); not usable for e-bidding (FAQ Q2-6)",
		    "マイナンバーカード（公的個人認証）: JPKI アプリケーション "
		    "(AID D3 92 F0 00 26 01 00 00 00 01) に応答しました。"
		    "電子入札には使用できません（FAQ Q2-6）");
	else if (in->card_jpki < 0)
		pol_reasons_add(d->reasons, POL_DENY_MALFORMED, "the card did "
		    "not answer whether it holds the My Number (JPKI) "
		    "application", "マイナンバーカード（JPKI）のアプリケーション"
		    "の有無をカードが回答しませんでした");
}

int
pol_decide(const struct pol_input *in, struct pol_decision *d)
{
	if (in == NULL || d == NULL ||
	    (in->cert == NULL && in->card_jpki != 1))
		return EBID_ERR_ARG;
	memset(d, 0, sizeof(*d));
	if ((d->reasons = pol_reasons_new()) == NULL)
		return EBID_ERR_NOMEM;
	if (in->cert == NULL) {		/* a My Number card, unreadable */
		check_card(in, d);
		return EBID_OK;
	}
	if (pol_deny_check_with(in->deny, in->cert, in->card_ca,
	    d->reasons) != EBID_OK) {
		pol_reasons_add(d->reasons, POL_DENY_MALFORMED,
		    "certificate could not be checked",
		    "証明書を検査できません");
	}
	check_card(in, d);
	check_trust(in, d);
	pol_cert_sanity(in->cert, in->auths, in->nauths, d->reasons);
	check_policy(in, d);
	if (d->reasons->n == 0)
		check_binding(in, d);
	d->accepted = d->reasons->n == 0;
	return EBID_OK;
}

void
pol_decision_reset(struct pol_decision *d)
{
	if (d == NULL)
		return;
	pol_reasons_free(&d->reasons);
	memset(d, 0, sizeof(*d));
}
