// Bock is Linux-only: the store uses openat2, overlayfs and flock.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]
