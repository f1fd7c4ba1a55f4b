using Bock.Api.Dtos;

namespace Bockrose.Stacks;

/// <summary>
/// The DTOs' defaults for what a client left out: System.Text.Json's generated code sets every init-only member, an
/// absent list to null, so the initialisers of the records do not survive deserialisation.
/// </summary>
public static class StackRequestDefaults
{
    public static StackRequest Apply(StackRequest r) => r with
    {
        Files = r.Files ?? [],
        EnvFiles = r.EnvFiles ?? [],
        Profiles = r.Profiles ?? [],
        Environment = r.Environment ?? new Dictionary<string, string>(),
    };

    public static StackUpRequest Apply(StackUpRequest r) => r with
    {
        Project = Apply(r.Project),
        Services = r.Services ?? [],
        Scale = r.Scale ?? new Dictionary<string, int>(),
        Pull = string.IsNullOrEmpty(r.Pull) ? "missing" : r.Pull,
    };

    public static StackRunRequest Apply(StackRunRequest r) => r with { Project = Apply(r.Project) };

    public static StackActionRequest Apply(StackActionRequest r) => r with { Services = r.Services ?? [] };
}
