package dev.coffer.cli;

import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLContextSpi;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLServerSocketFactory;
import javax.net.ssl.SSLSessionContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;

/**
 * The JDK's default TLS context, built on first use. The HTTP client asks for its TLS context when
 * it is created; the default one reads the trust store and sets up every cipher suite, which is a
 * third of a small command's start-up, and a server on {@code http://} never needs it. This one
 * passes every call to the default context, creating it only when a TLS connection opens.
 */
final class LazyTls extends SSLContextSpi {

  static final SSLContext CONTEXT = new SSLContext(new LazyTls(), null, "Default") {};

  private volatile SSLContext real;

  private SSLContext real() {
    SSLContext r = real;
    if (r == null) {
      try {
        r = SSLContext.getDefault();
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("this JDK has no TLS", e);
      }
      real = r;
    }
    return r;
  }

  @Override
  protected void engineInit(KeyManager[] km, TrustManager[] tm, SecureRandom random) {
    // the default context is initialised already
  }

  @Override
  protected SSLSocketFactory engineGetSocketFactory() {
    return real().getSocketFactory();
  }

  @Override
  protected SSLServerSocketFactory engineGetServerSocketFactory() {
    return real().getServerSocketFactory();
  }

  @Override
  protected SSLEngine engineCreateSSLEngine() {
    return real().createSSLEngine();
  }

  @Override
  protected SSLEngine engineCreateSSLEngine(String host, int port) {
    return real().createSSLEngine(host, port);
  }

  @Override
  protected SSLSessionContext engineGetServerSessionContext() {
    return real().getServerSessionContext();
  }

  @Override
  protected SSLSessionContext engineGetClientSessionContext() {
    return real().getClientSessionContext();
  }

  @Override
  protected javax.net.ssl.SSLParameters engineGetDefaultSSLParameters() {
    return real().getDefaultSSLParameters();
  }

  @Override
  protected javax.net.ssl.SSLParameters engineGetSupportedSSLParameters() {
    return real().getSupportedSSLParameters();
  }
}
