package io.leadstream.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.leadstream.testkit.KafkaCluster;
import io.leadstream.testkit.RealKafka;
import java.io.FileInputStream;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.Base64;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HTTPS from PEM files ({@code gateway.tls.cert.path} and {@code gateway.tls.key.path}, a PKCS#8
 * key), the form certificates from Let's Encrypt or a Kubernetes secret come in, with a real HTTPS
 * client; the key store form is in {@code GatewayIT}.
 */
@KafkaCluster
class GatewayPemTlsIT {

  @Test
  void servesHttpsFromPemFilesAndRefusesClientsThatDoNotTrustTheCertificate(
      RealKafka kafka, @TempDir Path dir) throws Exception {
    String raw = "raw-" + UUID.randomUUID();
    Topics.create(kafka, raw, 1);
    Path store = GatewayFixture.selfSignedKeystore(dir, "-keyalg", "RSA", "-keysize", "2048");
    KeyStore keys = KeyStore.getInstance("PKCS12");
    try (InputStream in = new FileInputStream(store.toFile())) {
      keys.load(in, "changeit".toCharArray());
    }
    Certificate certificate = keys.getCertificate("gateway");
    PrivateKey key = (PrivateKey) keys.getKey("gateway", "changeit".toCharArray());
    assertThat(key.getFormat()).isEqualTo("PKCS#8");
    Path cert = dir.resolve("tls.crt");
    Path keyFile = dir.resolve("tls.key");
    Files.writeString(cert, pem("CERTIFICATE", certificate.getEncoded()));
    Files.writeString(keyFile, pem("PRIVATE KEY", key.getEncoded()));

    try (Gateway gateway =
        Gateway.start(
            GatewayFixture.config(
                kafka,
                "gateway.tls.cert.path=" + cert,
                "gateway.tls.key.path=" + keyFile,
                "topics.raw=" + raw,
                "topics.dlq=dlq-" + UUID.randomUUID()))) {
      URI url = gateway.url();
      assertThat(url.getScheme()).isEqualTo("https");

      KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
      trust.load(null, null);
      trust.setCertificateEntry("gateway", certificate);
      TrustManagerFactory factory =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      factory.init(trust);
      SSLContext context = SSLContext.getInstance("TLS");
      context.init(null, factory.getTrustManagers(), null);
      Http https =
          new Http(
              url,
              HttpClient.newBuilder()
                  .version(HttpClient.Version.HTTP_1_1)
                  .sslContext(context)
                  .connectTimeout(Duration.ofSeconds(5))
                  .build());

      HttpResponse<String> response = https.postLead(Http.lead(1));
      assertThat(response.statusCode()).isEqualTo(202);
      assertThat(response.sslSession()).isPresent();
      assertThat(response.sslSession().get().getProtocol()).isIn("TLSv1.2", "TLSv1.3");
      assertThat(Topics.readAll(kafka, raw)).hasSize(1);

      // A client with only the JDK's default trust store refuses the self-signed certificate.
      Http untrusting = new Http(url);
      assertThatThrownBy(() -> untrusting.postLead(Http.lead(2)))
          .hasCauseInstanceOf(SSLHandshakeException.class);
      // Plain HTTP to the HTTPS port gets no lead in.
      Http plain = new Http(URI.create("http://127.0.0.1:" + gateway.port()));
      assertThatThrownBy(() -> plain.postLead(Http.lead(3))).isInstanceOf(RuntimeException.class);
      assertThat(Topics.readAll(kafka, raw)).hasSize(1);
    }
  }

  private static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }
}
