namespace Bock.Kernel.Seccomp;

/// <summary>A jump target in a <see cref="BpfAssembler"/> program, placed once, resolved at assembly.</summary>
internal readonly record struct BpfLabel(int Id);
