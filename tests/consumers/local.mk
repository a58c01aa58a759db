# tests/consumers: the module in real consumers (NSS, GnuTLS, OpenSSL, p11-kit, Java, Chromium).
