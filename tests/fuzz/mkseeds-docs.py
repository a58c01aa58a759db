#!/usr/bin/env python3
# mkseeds-docs.py - write the seed corpora of the parsers that read
# documents: corpus/conf, corpus/trust, corpus/variants, corpus/cert,
# corpus/features and corpus/module, and the fixed configuration of
# fuzz-module (module/).  The seeds are committed; run this only to change
# them (it needs python3 and the openssl command; keys are made here and
# thrown away, never written to the tree):
#
#   python3 tests/fuzz/mkseeds-docs.py
#
# The seeds are written the way the documents tell a person to write
# them, not made by our own code: configuration in every form that
# conf/ebid-pkcs11.conf and ebid-pkcs11.conf(5) show; the shipped
# conf/kanji-variants.txt and the registry example of
# docs/registry-format.md; certificates as the e-bidding authorities issue
# them (policies as in ../shared/domain.md, names in UTF8String and
# BMPString, subjectAltName directoryNames, certificatePoliciesJP) and the
# public J-LIS CA certificates in tests/corpus/jpki-ca/; part 10 feature
# lists as pcsc-lite's CCID driver answers them; card exchanges as
# docs/card-profile.md describes them.
import base64
import hashlib
import os
import shutil
import struct
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
TOP = os.path.dirname(os.path.dirname(HERE))
CORPUS = os.path.join(HERE, "corpus")
TMP = tempfile.mkdtemp(prefix="ebid-mkseeds-")


def seed(kind, name, data):
    d = os.path.join(CORPUS, kind)
    os.makedirs(d, exist_ok=True)
    if isinstance(data, str):
        data = data.encode("utf-8")
    with open(os.path.join(d, name), "wb") as f:
        f.write(data)


def read(path):
    with open(os.path.join(TOP, path), "rb") as f:
        return f.read()


def ossl(*args, stdin=None):
    return subprocess.run(["openssl"] + list(args), input=stdin,
                          check=True, capture_output=True, cwd=TMP).stdout


def tmp(name, text):
    p = os.path.join(TMP, name)
    with open(p, "w", encoding="utf-8") as f:
        f.write(text)
    return p


def pem_to_der(pem):
    body = b"".join(l for l in pem.splitlines() if l and not l.startswith(b"-----"))
    return base64.b64decode(body)


# ---- certificates ---------------------------------------------------------

def key(name, spec="rsa:2048"):
    p = os.path.join(TMP, name + ".key")
    if spec.startswith("rsa:"):
        ossl("genpkey", "-algorithm", "RSA", "-pkeyopt",
             "rsa_keygen_bits:" + spec[4:], "-out", p)
    else:
        ossl("genpkey", "-algorithm", "EC", "-pkeyopt",
             "ec_paramgen_curve:P-256", "-out", p)
    return p


REQ_CONF = """[req]
distinguished_name = dn
string_mask = {mask}
utf8 = yes
prompt = no
[dn]
{dn}
"""


def cert(name, k, dn, ext, ca=None, mask="utf8only", md="sha256",
         days=7300):
    """A certificate for key k; ca is (cert, key) or None (self-signed)."""
    cfg = tmp(name + ".req.cnf", REQ_CONF.format(mask=mask, dn=dn))
    extf = tmp(name + ".ext.cnf", "[x]\n" + ext + "\n")
    csr = os.path.join(TMP, name + ".csr")
    out = os.path.join(TMP, name + ".pem")
    ossl("req", "-new", "-key", k, "-config", cfg, "-out", csr)
    args = ["x509", "-req", "-in", csr, "-days", str(days), "-" + md,
            "-extfile", extf, "-extensions", "x", "-out", out,
            "-set_serial", str(int.from_bytes(os.urandom(8), "big"))]
    if ca is None:
        args += ["-signkey", k]
    else:
        args += ["-CA", ca[0], "-CAkey", ca[1]]
    ossl(*args)
    with open(out, "rb") as f:
        pem = f.read()
    return out, pem, pem_to_der(pem)


def der_tlv(tag, body):
    n = len(body)
    if n < 0x80:
        ln = bytes([n])
    elif n < 0x100:
        ln = bytes([0x81, n])
    else:
        ln = bytes([0x82, n >> 8, n & 0xFF])
    return bytes([tag]) + ln + body


def der_oid(text):
    arcs = [int(a) for a in text.split(".")]
    arcs = [arcs[0] * 40 + arcs[1]] + arcs[2:]
    out = bytearray()
    for a in arcs:
        b = [a & 0x7F]
        a >>= 7
        while a:
            b.append(0x80 | (a & 0x7F))
            a >>= 7
        out += bytes(reversed(b))
    return der_tlv(0x06, bytes(out))


def policies_der(oids):
    """certificatePolicies (also certificatePoliciesJP) content, DER."""
    return der_tlv(0x30, b"".join(der_tlv(0x30, der_oid(o)) for o in oids))


HOLDER_EXT = """basicConstraints = critical,CA:FALSE
keyUsage = critical,digitalSignature,nonRepudiation
"""
CA_EXT = """basicConstraints = critical,CA:TRUE
keyUsage = critical,keyCertSign,cRLSign
subjectKeyIdentifier = hash
"""


def make_certs():
    ca_k = key("ca")
    ca_pem_path, ca_pem, ca_der = cert(
        "ca", ca_k, "C = JP\nO = 電子入札テスト認証局\nCN = Fuzz e-Bid CA",
        CA_EXT)
    ca = (ca_pem_path, ca_k)
    user_k = key("user")
    certs = {}
    certs["ca"] = (ca_pem, ca_der)
    # a holder's card certificate as an accredited CA issues it: CN and O
    # in UTF8String, a critical certificatePolicies with the CA's OID
    certs["holder-utf8"] = cert(
        "holder-utf8", user_k,
        "C = JP\nO = 株式会社髙橋建設\nCN = 髙橋 一郎", HOLDER_EXT +
        "certificatePolicies = critical,1.2.392.200001.1.1\n", ca)[1:]
    # the same names in BMPString (string_mask default), as older CAs write
    certs["holder-bmp"] = cert(
        "holder-bmp", user_k,
        "C = JP\nO = 株式会社山﨑工務店\nOU = 工事部\nCN = 山﨑 花子",
        HOLDER_EXT + "certificatePolicies = 1.2.392.200001.1.1.5\n", ca,
        mask="default")[1:]
    # the holder in a subjectAltName directoryName only
    certs["holder-san-dirname"] = cert(
        "holder-san", user_k, "C = JP\nO = 渡邉商事株式会社",
        HOLDER_EXT + "subjectAltName = dirName:san_dn\n"
        "[san_dn]\nC = JP\nO = 渡邉商事株式会社\nCN = 渡邉 次郎\n", ca)[1:]
    # a policy with qualifiers: CPS URI and a userNotice in UTF-8
    certs["holder-cps"] = cert(
        "holder-cps", user_k, "C = JP\nCN = 佐藤 三郎", HOLDER_EXT +
        "certificatePolicies = critical,@pol\n[pol]\n"
        "policyIdentifier = 1.2.392.200001.1.1\n"
        "CPS.1 = http://repository.example.jp/cps\n"
        "userNotice.1 = @notice\n[notice]\n"
        "explicitText = UTF8:電子入札用\n", ca)[1:]
    # My Number signature card (domain.md: policy 1.2.392.200149.8.5.1.1.20
    # critical; SAN otherName 1.2.392.200149.8.5.5.1 with the name)
    certs["jpki-holder"] = cert(
        "jpki", user_k, "C = JP\nL = Tokyo\nCN = 123456789012ABCDEFGHIJKL",
        HOLDER_EXT + "certificatePolicies = critical,1.2.392.200149.8.5.1.1.20\n"
        "subjectAltName = otherName:1.2.392.200149.8.5.5.1;UTF8:山田 太郎\n",
        ca)[1:]
    # corporate registry card: certificatePoliciesJP, critical, private
    cpjp = policies_der(["1.2.392.100300.1.3.4"]).hex()
    certs["corp-cpjp"] = cert(
        "corp", user_k, "C = JP\nO = 株式会社法人認証\nCN = 代表取締役 鈴木 四郎",
        HOLDER_EXT + "1.2.392.100300.1.1.1 = critical,DER:" + cpjp + "\n"
        "1.2.392.100300.1.1.3 = critical,DER:" +
        der_tlv(0x30, der_tlv(0x0C, "株式会社法人認証".encode())).hex() + "\n",
        ca)[1:]
    # both policy extensions, 9 OIDs each: 18 together, more than 16
    many = ["1.2.392.200001.1.%d" % i for i in range(1, 10)]
    certs["policies-two-exts-18"] = cert(
        "many", user_k, "C = JP\nCN = 多数 方針", HOLDER_EXT +
        "certificatePolicies = " + ",".join(many) + "\n"
        "1.2.392.100300.1.1.1 = DER:" + policies_der(
            ["1.2.392.100300.9.%d" % i for i in range(1, 10)]).hex() + "\n",
        ca)[1:]
    # an arc beyond 64 bits: no administrator can write it
    certs["policy-huge-arc"] = cert(
        "huge", user_k, "C = JP\nCN = 巨大 弧", HOLDER_EXT +
        "certificatePolicies = 1.2.392.123456789012345678901234567890.1\n",
        ca)[1:]
    # policies in BER (indefinite length), and with trailing bytes
    certs["policies-ber"] = cert(
        "ber", user_k, "C = JP\nCN = BER 方針", HOLDER_EXT +
        "2.5.29.32 = DER:30803005060329010100000000\n", ca)[1:]
    certs["policies-trailing"] = cert(
        "trail", user_k, "C = JP\nCN = 余分 方針", HOLDER_EXT +
        "2.5.29.32 = DER:3005300306012900\n", ca)[1:]
    # what no accredited CA issues: RSA-1024, SHA-1, CA:TRUE, EC, no
    # keyUsage signature bits; and a Latin-1 T61String name
    k1024 = key("k1024", "rsa:1024")
    certs["weak-rsa1024-sha1"] = cert(
        "weak", k1024, "C = JP\nCN = Weak Key", HOLDER_EXT, ca, md="sha1")[1:]
    certs["holder-ca-true"] = cert(
        "catrue", user_k, "C = JP\nCN = 認証局 気取り", CA_EXT, ca)[1:]
    certs["holder-ec"] = cert(
        "ec", key("ec", "ec"), "C = JP\nCN = 楕円 曲線",
        "keyUsage = keyEncipherment\n", ca)[1:]
    certs["holder-t61"] = cert(
        "t61", user_k, "C = FR\nO = Société Générale\nCN = Hélène Dupré",
        HOLDER_EXT, ca, mask="default")[1:]
    # a card whose certificate no configured CA issued (self-signed)
    certs["self-signed"] = cert(
        "self", user_k, "C = JP\nO = 株式会社髙橋建設\nCN = 髙橋 一郎",
        HOLDER_EXT)[1:]
    certs["user_key"] = (user_k, None)
    return certs


# ---- corpus/cert ------------------------------------------------------------

def cert_seeds(certs):
    for f in sorted(os.listdir(os.path.join(TOP, "tests/corpus/jpki-ca"))):
        der = pem_to_der(read("tests/corpus/jpki-ca/" + f))
        seed("cert", "jlis-" + f.replace(".pem", ""), der)
    for name, (pem, der) in certs.items():
        if der is None:
            continue
        seed("cert", name, der)
    der = certs["holder-utf8"][1]
    seed("cert", "truncated", der[:len(der) // 2])
    seed("cert", "trailing-garbage", der + b"\x00\x01\x02")
    seed("cert", "empty", b"")


# ---- corpus/conf ------------------------------------------------------------

SHIPPED = read("conf/ebid-pkcs11.conf").decode("utf-8")

PROFILE_FORMS = """[profile reference]
aid = D3 92 F0 00 45 42 49 44 01
cert_fid = 0001
ca_fid = 0002
serial = getdata:0101
pin_ref = 01
key_ref = 01
pin_min = 4
pin_max = 16
pin_charset = alnum
pin_pad = none
extended_apdu = yes
always_authenticate = no

[profile counted]
aid = D392F0004542494402
atr = 3B 8F 80 01 80 4F 0C A0 00 00 03 06 0A 00 1C 00 00 00 00 7D
atr_mask = FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF FF 00
cert_fid = 000A
ca_fid = 000B
serial = ef:0005
pin_ref = 18
key_ref = 17
pin_min = 6
pin_max = 8
pin_charset = digits
pin_pad = ff:8
extended_apdu = no
always_authenticate = yes
pin_status = counter

[profile ascii]
aid = A0 00 00 00 01
pin_charset = ascii
pin_status = card
"""

AUTHORITY_FORMS = """[authority aosign]
name_ja = AOSignサービス
name_en = AOSign Service (Nippon Denshi Ninsho)
profile = reference
# 10 consecutive wrong PINs lock the card (vendor FAQ q31).
pin_lock_count = 10
ca_file = certs/aosign.pem
crl_file = crl/aosign.crl.pem
policies = 1.2.392.200001.1.1 1.2.392.200001.2.
holder_in_org = no

[authority tdb]
name_ja = TDB電子認証サービスTypeA
profile = counted
pin_lock_count = unknown
holder_in_org = yes
"""

POLICY_FORMS = """[policy]
registry = ebid-pkcs11/registry.csv
variants = ebid-pkcs11/kanji-variants.txt
ca_dir = ebid-pkcs11/certs
binding = local-strict
audit = yes
pin_reserve = 1
pin_state_dir = /var/lib/ebid-pkcs11

[deny old-test-ca]
issuer = C=JP, O=Old Test CA

[deny test-policy]
policy = 1.2.392.200001.9.

[deny exact]
policy = 1.2.392.200001.9.1
"""


def conf_seeds():
    seed("conf", "shipped", SHIPPED)
    seed("conf", "every-form", PROFILE_FORMS + "\n" + AUTHORITY_FORMS +
         "\n" + POLICY_FORMS)
    seed("conf", "crlf", (PROFILE_FORMS + AUTHORITY_FORMS).replace("\n", "\r\n"))
    seed("conf", "semicolon-comments", "; a comment\n  # another\n" +
         PROFILE_FORMS.replace("aid =", "aid=").replace(" = ", "\t=\t"))
    seed("conf", "bom", "\ufeff" + PROFILE_FORMS)
    seed("conf", "empty", "")
    seed("conf", "only-profile-no-name", "[profile]\n")
    base = PROFILE_FORMS.split("\n\n")[0] + "\n\n"
    # one line each: what conf(5) calls an error (the two "lenient-" ones
    # are accepted today although conf(5) asks for 4 hex digits: strtoul
    # takes "0x" and leading blanks)
    bad = {
        "bad-unknown-key": base + "[authority x]\nprofile = reference\ncolour = red\n",
        "bad-key-twice": base + "[authority x]\nprofile = reference\nprofile = reference\n",
        "bad-unknown-section": base + "[printer lp0]\n",
        "bad-profile-undefined": "[authority x]\nprofile = nowhere\n",
        "bad-authority-twice": base + "[authority x]\nprofile = reference\n[authority x]\nprofile = reference\n",
        "bad-aid-short": "[profile p]\naid = D3 92 F0 00\n",
        "bad-aid-long": "[profile p]\naid = " + " ".join(["00"] * 17) + "\n",
        "bad-pin-min-max": "[profile p]\npin_min = 9\npin_max = 8\n",
        "bad-pin-pad-short": "[profile p]\npin_max = 16\npin_pad = ff:8\n",
        "bad-pin-len-65": "[profile p]\npin_max = 65\n",
        "bad-atr-mask-length": "[profile p]\natr = 3B 00\natr_mask = FF\n",
        "lenient-fid-0x": "[profile p]\ncert_fid = 0x01\n",
        "bad-fid-space": "[profile p]\ncert_fid = 1 01\n",
        "bad-ref-80": "[profile p]\npin_ref = 80\n",
        "lenient-serial-space": "[profile p]\nserial = getdata: 101\n",
        "bad-lock-count-0": base + "[authority x]\nprofile = reference\npin_lock_count = 0\n",
        "bad-lock-count-256": base + "[authority x]\nprofile = reference\npin_lock_count = 256\n",
        "bad-policies-dots": base + "[authority x]\nprofile = reference\npolicies = 1..2\n",
        "bad-policies-one-arc": base + "[authority x]\nprofile = reference\npolicies = 1 3.1 1.40\n",
        "bad-reserve-0": "[policy]\npin_reserve = 0\n",
        "bad-reserve-255": "[policy]\npin_reserve = 255\n",
        "bad-policy-twice": "[policy]\n[policy]\n",
        "bad-policy-named": "[policy main]\n",
        "bad-deny-both": "[deny x]\npolicy = 1.2.3\nissuer = C=JP\n",
        "bad-deny-none": "[deny x]\n",
        "bad-binding": "[policy]\nbinding = strict\n",
        "bad-name-upper": "[profile Reference]\n",
        "bad-no-equals": "[profile p]\naid D3 92 F0 00 45\n",
        "bad-unterminated-section": "[profile p\n",
        "bad-key-before-section": "aid = D3 92 F0 00 45\n",
    }
    for name, text in bad.items():
        seed("conf", name, text)
    seed("conf", "bad-nul", base.encode() + b"[authority x]\nname_ja = a\x00b\n")
    seed("conf", "bad-utf8", base.encode() + b"[authority x]\nname_ja = \xe9lectronique\nprofile = reference\n")
    seed("conf", "bad-cp932", base.encode() + "[authority x]\nname_ja = 電子入札\n".encode("cp932"))
    seed("conf", "bad-line-1025", base + "[authority x]\nname_en = " + "x" * 1015 + "\n")
    seed("conf", "text-255", base + "[authority x]\nprofile = reference\nname_ja = " + "あ" * 85 + "\n")
    seed("conf", "bad-text-256", base + "[authority x]\nprofile = reference\nname_en = " + "x" * 256 + "\n")
    seed("conf", "many-sections", "".join("[profile p%d]\n" % i for i in range(70)))


# ---- corpus/variants --------------------------------------------------------

VARIANTS = read("conf/kanji-variants.txt").decode("utf-8")
NAMES = [
    "髙橋 一郎", "高橋一郎", "高橋　一郎", "山﨑 花子", "山崎花子", "山嵜 花子",
    "渡邉 次郎", "渡辺次郎", "渡邊次郎", "齋藤 三郎", "斉藤三郎", "𠮷田 四郎",
    "吉田四郎", "ﾀｶﾊｼ ｲﾁﾛｳ", "タカハシ イチロウ", "ＴＡＫＡＨＡＳＨＩ", "TAKAHASHI",
    "﨑", "   ", "",
]


def variants_seeds():
    seed("variants", "shipped", VARIANTS)
    seed("variants", "shipped-names", VARIANTS + "%%\n" + "\n".join(NAMES) + "\n")
    seed("variants", "names-no-table", "%%\n" + "\n".join(NAMES))
    seed("variants", "crlf", VARIANTS.replace("\n", "\r\n"))
    seed("variants", "bom-fullwidth-space", "\ufeff高\u3000髙\t髙\n")
    seed("variants", "bad-one-char", "高\n")
    seed("variants", "bad-twice", "高 髙\n髙 高\n")
    seed("variants", "bad-two-chars", "高橋 髙橋\n")
    seed("variants", "bad-decomposes", "が ｶﾞ\n")
    seed("variants", "nfkc-compat", "神 神\n")
    seed("variants", "combining", "A B\n%%\nB\u0301\n\u00c1\n")
    seed("variants", "bad-utf8", b"\xe9\xab\x99 \xff\n")
    seed("variants", "bad-cp932", "高 髙\n".encode("cp932", errors="replace"))
    seed("variants", "comment-only", "# nothing\n\n   # indented\n")
    seed("variants", "many", "\n".join(chr(0x4E00 + 2 * i) + " " + chr(0x4E01 + 2 * i)
                                       for i in range(600)) + "\n")


# ---- corpus/features --------------------------------------------------------

def features_seeds():
    def rec(tag, code):
        return bytes([tag, 4]) + struct.pack(">I", code)
    ccid_pinpad = b"".join(rec(t, 0x42330000 + t) for t in (0x06, 0x07, 0x0A, 0x12, 0x13))
    seed("features", "ccid-pinpad", ccid_pinpad)
    seed("features", "ccid-no-pinpad", rec(0x12, 0x42330012) + rec(0x13, 0x42330013))
    seed("features", "verify-only", rec(0x06, 0x42000D48 + 4))
    seed("features", "empty", b"")
    seed("features", "twice", rec(0x06, 1) + rec(0x06, 2))
    seed("features", "bad-length-2", bytes([0x06, 2, 0x42, 0x33]))
    seed("features", "bad-truncated", ccid_pinpad[:-1])
    seed("features", "issue11-bad-after-good", rec(0x06, 0x42330006) + bytes([0x07, 5, 0, 0, 0, 0, 0]))
    seed("features", "too-long-257", (rec(0x13, 0x42330013) * 43)[:257])
    seed("features", "full-256", (rec(0x13, 0x42330013) * 42) + bytes([0x06, 4, 0x42, 0x33]))


# ---- corpus/trust -----------------------------------------------------------

def crl(ca, serials):
    d = os.path.join(TMP, "ca-db")
    shutil.rmtree(d, ignore_errors=True)
    os.makedirs(d)
    with open(os.path.join(d, "index.txt"), "w") as f:
        for s in serials:
            f.write("R\t401231000000Z\t240101000000Z\t%X\tunknown\t/CN=x\n" % s)
    cfg = tmp("ca.cnf", """[ca]
default_ca = d
[d]
database = {d}/index.txt
crlnumber = {d}/crlnumber
default_md = sha256
default_crl_days = 3650
""".format(d=d))
    with open(os.path.join(d, "crlnumber"), "w") as f:
        f.write("01\n")
    return ossl("ca", "-gencrl", "-config", cfg, "-cert", ca[0], "-keyfile",
                ca[1]).decode()


def trust_seeds(certs, registry):
    ca_pem = certs["ca"][0].decode()
    ca_path = os.path.join(TMP, "ca.pem")
    jlis = read("tests/corpus/jpki-ca/sign_ca_2023.pem").decode() + \
        read("tests/corpus/jpki-ca/auth_ca_2023.pem").decode()
    the_crl = crl((ca_path, os.path.join(TMP, "ca.key")), [0x1234, 0xABCDEF])
    head = PROFILE_FORMS.split("\n\n")[0] + "\n\n"
    one = head + """[authority one]
name_ja = テスト認証局
profile = reference
ca_file = ca.pem
crl_file = crl.pem
policies = 1.2.392.200001.1.1 1.2.392.200001.2.
"""
    pol = """[policy]
registry = registry.csv
variants = variants.txt
binding = national
pin_reserve = 2
"""
    files = ("--- ca.pem\n" + ca_pem + "--- crl.pem\n" + the_crl +
             "--- registry.csv\n" + registry + "--- variants.txt\n" + VARIANTS)
    seed("trust", "one-authority", one + pol + files)
    seed("trust", "shipped-policy-dirs", SHIPPED + files)
    seed("trust", "ca-dir", head + "[authority two]\nprofile = reference\n"
         "[policy]\nca_dir = certs\n--- ca.pem\n" + ca_pem)
    seed("trust", "two-cas-bundle", one.replace("crl_file = crl.pem\n", "") +
         "[authority two]\nprofile = reference\nca_file = ca2.pem\n"
         "holder_in_org = yes\n--- ca.pem\n" + ca_pem + jlis +
         "--- ca2.pem\n" + jlis)
    seed("trust", "deny-entries", one + POLICY_FORMS.split("\n\n", 1)[1] +
         "--- ca.pem\n" + ca_pem + "--- crl.pem\n" + the_crl)
    seed("trust", "registry-cp932", (one.replace("crl_file = crl.pem\n", "") +
         "[policy]\nregistry = registry.csv\n--- ca.pem\n" + ca_pem +
         "--- registry.csv\n").encode() + read("tests/policy/data/registry-cp932.csv"))
    seed("trust", "registry-missing", one.replace("crl_file = crl.pem\n", "") +
         "[policy]\nregistry = registry.csv\n--- ca.pem\n" + ca_pem)
    seed("trust", "registry-unreadable", one.replace("crl_file = crl.pem\n", "") +
         "[policy]\nregistry = registry.csv\n--- ca.pem\n" + ca_pem +
         "--- registry.csv\n\"unterminated,quote\n")
    seed("trust", "bad-ca-missing", one)
    seed("trust", "bad-ca-not-pem", one + "--- ca.pem\nnot a certificate\n"
         "--- crl.pem\n" + the_crl)
    seed("trust", "bad-crl-missing", one + "--- ca.pem\n" + ca_pem)
    seed("trust", "bad-policy-one-arc", one.replace(
        "policies = 1.2.392.200001.1.1 1.2.392.200001.2.",
        "policies = 1 1.40") + "--- ca.pem\n" + ca_pem + "--- crl.pem\n" + the_crl)
    seed("trust", "bad-policies-17", one.replace(
        "policies = 1.2.392.200001.1.1 1.2.392.200001.2.",
        "policies = " + " ".join("1.2.%d" % i for i in range(17))) +
        "--- ca.pem\n" + ca_pem + "--- crl.pem\n" + the_crl)
    seed("trust", "bad-variants", one + pol + "--- ca.pem\n" + ca_pem +
         "--- crl.pem\n" + the_crl + "--- variants.txt\n高\n")
    seed("trust", "bad-deny-issuer", head + "[deny x]\nissuer = CN\n")
    seed("trust", "jlis-as-authority", head + "[authority jpki]\nprofile = "
         "reference\nca_file = ca.pem\n--- ca.pem\n" + jlis)


# ---- corpus/module and module/ ------------------------------------------------

def ans(hexstr):
    b = bytes.fromhex(hexstr.replace(" ", ""))
    return struct.pack(">H", len(b)) + b


OK = ans("90 00")
SERIAL = ans("45 42 49 44 00 00 00 01 90 00")
CHUNK = 0x200


def ef(der):
    out = OK + ans("62 0B 80 02 %04X 82 01 01 83 02 0001 90 00" % len(der))
    for off in range(0, len(der), CHUNK):
        out += ans(der[off:off + CHUNK].hex() + "9000")
    return out


def card_read(der, ca_der=None, pin_sw="63 C3", features=b"", jpki="6A 82"):
    out = OK + SERIAL + ef(der)
    out += ef(ca_der) if ca_der is not None else OK + ans("6A 82")
    out += OK + ans(pin_sw)
    out += struct.pack(">H", len(features)) + features
    out += ans(jpki)
    return out


def login(verify_sw="90 00", status_after="90 00"):
    return OK + ans("63 C3") + ans(verify_sw) + OK + ans(status_after)


def sign_answers(n=256):
    return OK + OK + ans(os.urandom(n).hex() + "9000")


def module_seeds(certs):
    d = os.path.join(HERE, "module")
    os.makedirs(d, exist_ok=True)
    ca_pem, ca_der = certs["ca"]
    user_der = certs["holder-utf8"][1]
    fp = hashlib.sha256(user_der).hexdigest().upper()
    registry = ("業者番号,区分,商号,代表者,受任者,登録カード\r\n"
                "00123,建設工事,株式会社髙橋建設,高橋　一郎,山﨑 花子," + fp + "\r\n")
    with open(os.path.join(d, "ca.pem"), "wb") as f:
        f.write(ca_pem)
    with open(os.path.join(d, "registry.csv"), "w", encoding="utf-8") as f:
        f.write(registry)
    head = SHIPPED.split("\n[policy]")[0]
    with open(os.path.join(d, "ebid-pkcs11.conf"), "w", encoding="utf-8") as f:
        f.write("# fuzz-module's configuration, written by mkseeds-docs.py:\n"
                "# the shipped profiles and authorities, and a test authority\n"
                "# whose CA signed the card certificates of corpus/module/.\n"
                + head + "\n[authority fuzz]\nname_ja = 電子入札テスト認証局\n"
                "profile = reference\npin_lock_count = 10\nca_file = ca.pem\n"
                "policies = 1.2.392.200001.1.\n\n"
                "[policy]\nregistry = registry.csv\n"
                "variants = ../../../conf/kanji-variants.txt\npin_reserve = 1\n")
    pinpad = b"".join(bytes([t, 4]) + struct.pack(">I", 0x42330000 + t)
                      for t in (0x06, 0x07, 0x12))
    full = card_read(user_der, ca_der)
    seed("module", "read-only", b"\x08" + full)
    seed("module", "login-sign-sha256", b"\x00" + full + login() + sign_answers())
    seed("module", "login-sign-rsa-pkcs", b"\x04" + full + login() + sign_answers())
    seed("module", "relogin", b"\x10" + full + login() + login() + sign_answers())
    seed("module", "pin-1234-wrong", b"\x01" + full + login("63 C2", "63 C2"))
    seed("module", "pin-too-long", b"\x03" + full)
    seed("module", "pin-blocked", b"\x00" + card_read(user_der, ca_der, "69 83"))
    seed("module", "pin-reserve", b"\x00" + card_read(user_der, ca_der, "63 C1") +
         OK + ans("63 C1"))
    seed("module", "pinpad", b"\x02" + card_read(user_der, ca_der, features=pinpad) +
         OK + ans("63 C3") + ans("90 00") + OK + ans("90 00") + sign_answers())
    seed("module", "sign-short-answer", b"\x00" + full + login() + sign_answers(255))
    seed("module", "sign-refused", b"\x00" + full + login() + OK + OK + ans("69 82"))
    seed("module", "no-ca-ef", b"\x00" + card_read(user_der) + login() + sign_answers())
    seed("module", "refused-self-signed", b"\x00" +
         card_read(certs["self-signed"][1]) + login() + sign_answers())
    seed("module", "refused-jpki-aid", b"\x00" + card_read(user_der, jpki="90 00") +
         login() + sign_answers())
    seed("module", "refused-not-registered", b"\x00" +
         card_read(certs["holder-bmp"][1], ca_der) + login() + sign_answers())
    seed("module", "weak-key", b"\x00" + card_read(certs["weak-rsa1024-sha1"][1]) +
         login() + sign_answers(128))
    seed("module", "card-gone-mid-read", b"\x00" + full[:len(full) // 2])
    seed("module", "no-serial", b"\x08" + OK + ans("6A 88") + full[len(OK + SERIAL):])
    seed("module", "bogus-fcp", b"\x08" + OK + SERIAL + OK + ans("62 03 80 01 05 90 00"))
    seed("module", "empty", b"")
    seed("module", "control-only", b"\x00")
    return registry


def main():
    if shutil.which("openssl") is None:
        sys.exit("mkseeds-docs.py: the openssl command is needed")
    for kind in ("conf", "trust", "variants", "cert", "features", "module"):
        shutil.rmtree(os.path.join(CORPUS, kind), ignore_errors=True)
    try:
        certs = make_certs()
        cert_seeds(certs)
        conf_seeds()
        variants_seeds()
        features_seeds()
        registry = module_seeds(certs)
        trust_seeds(certs, registry)
    finally:
        shutil.rmtree(TMP, ignore_errors=True)


if __name__ == "__main__":
    main()
