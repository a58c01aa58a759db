/*
 * SignCheck CONFIG PIN - Java 17 SunPKCS11 drives ebid-pkcs11.so: loads
 * the PKCS11 KeyStore of the slot that CONFIG names, takes its (only)
 * PrivateKeyEntry, signs a Japanese bid text with SHA256withRSA on the
 * card and verifies the signature with the entry certificate's public key
 * (in the default provider, not the card).  Prints the alias, the subject
 * and "verified"; exits 1 on any failure.  Compiled and run by
 * consumers.sh.
 */
import java.nio.charset.StandardCharsets;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Collections;

public class SignCheck {
	public static void main(String[] args) throws Exception {
		if (args.length != 2) {
			System.err.println("usage: SignCheck CONFIG PIN");
			System.exit(2);
		}
		Provider p = Security.getProvider("SunPKCS11").configure(args[0]);
		KeyStore ks = KeyStore.getInstance("PKCS11", p);
		ks.load(null, args[1].toCharArray());
		String alias = null;
		for (String a : Collections.list(ks.aliases())) {
			/* CKA_LABEL arrives decoded as ISO-8859-1 */
			String u = new String(a.getBytes(
			    StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
			System.out.println("alias: " + u + (ks.isKeyEntry(a)
			    ? " (PrivateKeyEntry)" : " (certificate)"));
			if (ks.isKeyEntry(a) && alias == null)
				alias = a;
		}
		if (alias == null) {
			System.out.println("no PrivateKeyEntry");
			System.exit(1);
		}
		PrivateKey key = (PrivateKey) ks.getKey(alias, null);
		X509Certificate cert = (X509Certificate) ks.getCertificate(alias);
		System.out.println("subject: " + cert.getSubjectX500Principal()
		    .getName(javax.security.auth.x500.X500Principal.RFC2253));
		byte[] data = "入札書 第1号 金額 1,000,000 円"
		    .getBytes(StandardCharsets.UTF_8);
		Signature s = Signature.getInstance("SHA256withRSA", p);
		s.initSign(key);
		s.update(data);
		byte[] sig = s.sign();
		System.out.println("signature bytes: " + sig.length);
		/* p is not registered: the verifier is a software provider */
		Signature v = Signature.getInstance("SHA256withRSA");
		v.initVerify(cert.getPublicKey());
		System.out.println("verifier: " + v.getProvider().getName());
		v.update(data);
		if (!v.verify(sig)) {
			System.out.println("NOT verified");
			System.exit(1);
		}
		System.out.println("verified");
	}
}
