using System.Runtime.InteropServices;
using System.Text.Json;
using Bock.Kernel.Spec;

namespace Bock.Host.Containers;

/// <summary>
/// Docker's seccomp behaviour: a default profile unless <c>seccomp=unconfined</c> or privileged, and a profile's
/// conditional rules resolved against the container's capabilities and the host's architecture (as Docker's
/// <c>profiles/seccomp</c> does) into the plain OCI profile bock-oci compiles.
/// </summary>
public static class DockerSeccomp
{
    /// <summary>Docker's default profile as containers-common ships it (with podman); without it, no filter.</summary>
    public const string DefaultProfilePath = "/usr/share/containers/seccomp.json";

    /// <exception cref="FormatException">Not a seccomp profile.</exception>
    public static SeccompProfile Parse(string json, string what)
    {
        try
        {
            return JsonSerializer.Deserialize(json, HostJsonContext.Default.SeccompProfile) ?? throw new FormatException($"{what}: empty seccomp profile");
        }
        catch (JsonException e)
        {
            throw new FormatException($"decoding seccomp profile {what} failed: {e.Message}");
        }
    }

    public static SeccompSpec? Default(IReadOnlyCollection<string> capabilities) =>
        File.Exists(DefaultProfilePath) ? Resolve(Parse(File.ReadAllText(DefaultProfilePath), DefaultProfilePath), capabilities) : null;

    public static SeccompSpec Resolve(SeccompProfile profile, IReadOnlyCollection<string> capabilities)
    {
        var (native, goArch) = RuntimeInformation.ProcessArchitecture switch
        {
            Architecture.Arm64 => ("SCMP_ARCH_AARCH64", "arm64"),
            Architecture.Arm => ("SCMP_ARCH_ARM", "arm"),
            Architecture.X86 => ("SCMP_ARCH_X86", "x86"),
            _ => ("SCMP_ARCH_X86_64", "amd64"),
        };
        var architectures = profile.Architectures
            ?? profile.ArchMap?.Where(a => a.Architecture == native).SelectMany(a => new[] { a.Architecture }.Concat(a.SubArchitectures ?? [])).ToList();
        var rules = new List<SeccompSyscallSpec>();
        foreach (var rule in profile.Syscalls ?? [])
        {
            if (rule.Includes?.Caps is { Count: > 0 } needed && !needed.All(capabilities.Contains)) continue;
            if (rule.Includes?.Arches is { Count: > 0 } arches && !arches.Contains(goArch)) continue;
            if (rule.Excludes?.Caps is { Count: > 0 } excluded && excluded.Any(capabilities.Contains)) continue;
            if (rule.Excludes?.Arches is { Count: > 0 } notOn && notOn.Contains(goArch)) continue;
            var names = rule.Names ?? (rule.Name is { } name ? [name] : []);
            if (names.Count == 0) continue;
            rules.Add(new SeccompSyscallSpec { Names = names, Action = rule.Action, ErrnoRet = rule.ErrnoRet, Args = rule.Args is { Count: > 0 } args ? args : null });
        }
        return new SeccompSpec
        {
            DefaultAction = profile.DefaultAction,
            DefaultErrnoRet = profile.DefaultErrnoRet,
            Architectures = architectures is { Count: > 0 } ? architectures : null,
            Flags = profile.Flags,
            Syscalls = rules,
        };
    }
}
