package dev.coffer.files.storage.s3;

import java.util.concurrent.CompletableFuture;
import software.amazon.awssdk.http.SdkHttpRequest;
import software.amazon.awssdk.http.auth.aws.scheme.AwsV4AuthScheme;
import software.amazon.awssdk.http.auth.aws.signer.AwsV4HttpSigner;
import software.amazon.awssdk.http.auth.spi.scheme.AuthScheme;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignRequest;
import software.amazon.awssdk.http.auth.spi.signer.AsyncSignedRequest;
import software.amazon.awssdk.http.auth.spi.signer.HttpSigner;
import software.amazon.awssdk.http.auth.spi.signer.SignRequest;
import software.amazon.awssdk.http.auth.spi.signer.SignedRequest;
import software.amazon.awssdk.identity.spi.AwsCredentialsIdentity;
import software.amazon.awssdk.identity.spi.IdentityProvider;
import software.amazon.awssdk.identity.spi.IdentityProviders;

/**
 * SigV4 with {@code UNSIGNED-PAYLOAD} over plain HTTP too, as the SDK already signs for HTTPS.
 *
 * <p>Over {@code http://} the SDK's signer always hashes the payload: a SHA-256 of every part
 * before it is sent, which the server then computes again to verify it. Coffer digests the content
 * itself and a plain-HTTP answer is not signed either, so the payload hash protects nothing here
 * that the download could not lose the same way, and it costs a full SHA-256 pass on both sides.
 * The request is signed as it would be over HTTPS (the scheme is not part of a SigV4 signature:
 * method, path, query, headers and {@code x-amz-content-sha256} are) and then sent over the
 * endpoint's own scheme. The headers and query stay signed, so the credentials prove who sent them
 * as before.
 */
final class UnsignedPayloads implements AuthScheme<AwsCredentialsIdentity> {

  private final AwsV4AuthScheme sigV4 = AwsV4AuthScheme.create();
  private final AwsV4HttpSigner signer = sigV4.signer();

  @Override
  public String schemeId() {
    return AwsV4AuthScheme.SCHEME_ID;
  }

  @Override
  public IdentityProvider<AwsCredentialsIdentity> identityProvider(IdentityProviders providers) {
    return sigV4.identityProvider(providers);
  }

  @Override
  public HttpSigner<AwsCredentialsIdentity> signer() {
    return new HttpSigner<>() {
      @Override
      public SignedRequest sign(SignRequest<? extends AwsCredentialsIdentity> request) {
        SdkHttpRequest sent = request.request();
        if ("https".equals(sent.protocol())) {
          return signer.sign(request);
        }
        SdkHttpRequest asIfHttps = sent.toBuilder().protocol("https").port(sent.port()).build();
        SignedRequest signed =
            signer.sign(
                request.copy(
                    b ->
                        b.request(asIfHttps)
                            .putProperty(AwsV4HttpSigner.PAYLOAD_SIGNING_ENABLED, false)));
        SdkHttpRequest back =
            signed.request().toBuilder().protocol(sent.protocol()).port(sent.port()).build();
        return signed.copy(b -> b.request(back));
      }

      @Override
      public CompletableFuture<AsyncSignedRequest> signAsync(
          AsyncSignRequest<? extends AwsCredentialsIdentity> request) {
        return signer.signAsync(request); // the backend's client is synchronous
      }
    };
  }
}
