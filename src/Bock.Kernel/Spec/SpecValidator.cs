using Bock.Kernel.Rootfs;

namespace Bock.Kernel.Spec;

/// <summary>Semantic checks that JSON typing cannot express; each failure names the JSON path.</summary>
public static class SpecValidator
{
    public static readonly IReadOnlySet<string> NamespaceTypes =
        new HashSet<string>(StringComparer.Ordinal) { "pid", "network", "mount", "ipc", "uts", "user", "cgroup", "time" };

    public static void Validate(RuntimeSpec spec, string fileName)
    {
        if (spec.Root is null || string.IsNullOrEmpty(spec.Root.Path))
            Fail(fileName, "$.root.path", "is required");
        if (spec.Process is null)
            Fail(fileName, "$.process", "is required");
        ValidateProcess(spec.Process!, fileName, "$.process");

        for (var i = 0; i < (spec.Mounts?.Count ?? 0); i++)
        {
            var mount = spec.Mounts![i];
            if (!mount.Destination.StartsWith('/'))
                Fail(fileName, $"$.mounts[{i}].destination", $"must be an absolute path, not \"{mount.Destination}\"");
        }

        var linux = spec.Linux;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < (linux?.Namespaces?.Count ?? 0); i++)
        {
            var ns = linux!.Namespaces![i];
            if (!NamespaceTypes.Contains(ns.Type))
                Fail(fileName, $"$.linux.namespaces[{i}].type", $"unknown namespace type \"{ns.Type}\" (expected one of {string.Join(", ", NamespaceTypes)})");
            if (ns.Type is "user" or "time")
                Fail(fileName, $"$.linux.namespaces[{i}].type", $"{ns.Type} namespaces are not supported yet by bock-oci");
            if (!seen.Add(ns.Type))
                Fail(fileName, $"$.linux.namespaces[{i}].type", $"namespace \"{ns.Type}\" is listed twice");
            if (ns.Path is { } p && !p.StartsWith('/'))
                Fail(fileName, $"$.linux.namespaces[{i}].path", "must be an absolute path");
        }

        if (spec.Hostname is { Length: > 0 } && !seen.Contains("uts"))
            Fail(fileName, "$.hostname", "setting a hostname needs a new uts namespace");

        for (var i = 0; i < (linux?.Devices?.Count ?? 0); i++)
        {
            var device = linux!.Devices![i];
            if (device.Type is not ("c" or "b" or "u" or "p"))
                Fail(fileName, $"$.linux.devices[{i}].type", $"unknown device type \"{device.Type}\" (expected c, b, u or p)");
            if (!device.Path.StartsWith("/dev/", StringComparison.Ordinal))
                Fail(fileName, $"$.linux.devices[{i}].path", "must be under /dev/");
        }

        if (linux?.RootfsPropagation is { } propagation && !MountOptions.PropagationFlags.ContainsKey(propagation))
            Fail(fileName, "$.linux.rootfsPropagation", $"unknown propagation \"{propagation}\"");
    }

    public static void ValidateProcess(ProcessSpec process, string fileName, string at)
    {
        if (process.Args is null || process.Args.Count == 0)
            Fail(fileName, $"{at}.args", "must name the program to run");
        if (!process.Cwd.StartsWith('/'))
            Fail(fileName, $"{at}.cwd", "must be an absolute path");
        for (var i = 0; i < (process.Rlimits?.Count ?? 0); i++)
        {
            var rlimit = process.Rlimits![i];
            if (!Rlimits.TryGetResource(rlimit.Type, out _))
                Fail(fileName, $"{at}.rlimits[{i}].type", $"unknown rlimit \"{rlimit.Type}\"");
            if (rlimit.Soft > rlimit.Hard)
                Fail(fileName, $"{at}.rlimits[{i}]", "soft limit is above the hard limit");
        }
        if (process.Capabilities is { } caps)
        {
            CheckCaps(caps.Bounding, "bounding");
            CheckCaps(caps.Effective, "effective");
            CheckCaps(caps.Inheritable, "inheritable");
            CheckCaps(caps.Permitted, "permitted");
            CheckCaps(caps.Ambient, "ambient");
        }

        void CheckCaps(IReadOnlyList<string>? names, string set)
        {
            for (var i = 0; i < (names?.Count ?? 0); i++)
                if (!Capabilities.TryParse(names![i], out _))
                    Fail(fileName, $"{at}.capabilities.{set}[{i}]", $"unknown capability \"{names[i]}\"");
        }
    }

    private static void Fail(string fileName, string path, string why) =>
        throw new SpecException($"{fileName}: {path}: {why}");
}
