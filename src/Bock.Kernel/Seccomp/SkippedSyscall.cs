namespace Bock.Kernel.Seccomp;

/// <summary>A syscall name the profile uses that has no number on one of its architectures, so it was left out
/// there (as runc does): the caller may warn about it.</summary>
/// <param name="Name">The syscall name, as written in the profile.</param>
/// <param name="Architecture">The libseccomp architecture name, e.g. <c>SCMP_ARCH_X86</c>.</param>
public sealed record SkippedSyscall(string Name, string Architecture);
