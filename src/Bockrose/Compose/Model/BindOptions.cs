namespace Bockrose.Compose.Model;

/// <param name="CreateHostPath">True for the short syntax, which creates a missing host directory as compose does.</param>
public sealed record BindOptions(string? Propagation, bool? CreateHostPath, string? Selinux);
