using Bock.Kernel.Spec;

namespace Bock.Kernel.Seccomp;

/// <summary>One rule of a syscall: <paramref name="Action"/> when all <paramref name="Conditions"/> hold (none = always).</summary>
internal sealed record SeccompRule(uint Action, IReadOnlyList<SeccompArgSpec> Conditions);
