using Bock.Kernel.Spec;

namespace Bock.Kernel.Seccomp;

/// <summary>
/// Compiles an OCI <c>linux.seccomp</c> profile to a classic BPF program with the semantics runc gets from
/// libseccomp: the native architecture is always filtered; a wrong architecture is killed; a syscall name
/// unknown on an architecture is skipped there; a rule whose action equals the default action is dropped.
/// Where libseccomp merges rules, rules of one syscall are tried here in profile order and the first match wins.
/// Like runc's -ENOSYS patch, syscalls numbered above every syscall the profile names (on an architecture it
/// lists) fail with ENOSYS instead of the default action, so that newer libcs fall back from calls this profile
/// predates instead of failing on EPERM; skipped when the default action allows anyway (ALLOW, LOG, TRACE).
/// </summary>
public static class SeccompCompiler
{
    /// <summary>BPF_MAXINSNS: the kernel refuses longer classic programs.</summary>
    public const int MaxInstructions = 4096;

    private const int ArgumentCount = 6;
    private const uint Enosys = 38;

    private static readonly HashSet<string> Operators = new(StringComparer.Ordinal)
    {
        "SCMP_CMP_NE", "SCMP_CMP_LT", "SCMP_CMP_LE", "SCMP_CMP_EQ", "SCMP_CMP_GE", "SCMP_CMP_GT", "SCMP_CMP_MASKED_EQ",
    };

    /// <summary>Compiles <paramref name="profile"/> for this process's architecture (plus those it lists).</summary>
    /// <param name="path">The JSON path of the profile, for error messages.</param>
    /// <exception cref="SeccompException">The profile is invalid or needs more than <see cref="MaxInstructions"/>.</exception>
    public static SeccompProgram Compile(SeccompSpec profile, string path = "$.linux.seccomp") =>
        Compile(profile, SeccompArchitecture.Native, path);

    internal static SeccompProgram Compile(SeccompSpec profile, SeccompArchitecture native, string path = "$.linux.seccomp")
    {
        ArgumentNullException.ThrowIfNull(profile);
        var defaultAction = SeccompActions.Parse(profile.DefaultAction, profile.DefaultErrnoRet, $"{path}.defaultAction");
        var flags = ParseFlags(profile.Flags, path);
        var (architectures, ignored) = ParseArchitectures(profile.Architectures, native, path);
        var rules = ParseRules(profile.Syscalls, defaultAction, path);
        var enosysStub = (defaultAction & 0xFFFF_0000) is not (SeccompActions.Allow or SeccompActions.Log or SeccompActions.Trace)
            && defaultAction != (SeccompActions.Errno | Enosys);

        var skipped = new List<SkippedSyscall>();
        var filters = new List<(SeccompArchitecture, SortedDictionary<uint, List<SeccompRule>>, uint?)>();
        foreach (var arch in architectures)
        {
            var syscalls = new SortedDictionary<uint, List<SeccompRule>>();
            var unknown = new HashSet<string>(StringComparer.Ordinal);
            foreach (var (name, rule) in rules)
            {
                if (!SyscallTable.TryGetNumber(arch, name, out var number))
                {
                    if (unknown.Add(name))
                        skipped.Add(new SkippedSyscall(name, arch.Name));
                    continue;
                }
                var nr = (uint)number | arch.SyscallBit;
                if (!syscalls.TryGetValue(nr, out var list))
                    syscalls[nr] = list = [];
                list.Add(rule);
            }
            // runc stubs only the architectures the profile lists, and counts every name, even of dropped rules.
            uint? enosysAbove = null;
            if (enosysStub && profile.Architectures?.Contains(arch.Name) == true)
                foreach (var name in (profile.Syscalls ?? []).SelectMany(s => s.Names))
                    if (SyscallTable.TryGetNumber(arch, name, out var number))
                        enosysAbove = Math.Max(enosysAbove ?? 0, (uint)number | arch.SyscallBit);
            filters.Add((arch, syscalls, enosysAbove));
        }

        var program = new SeccompCodeGenerator(defaultAction).Generate(filters);
        if (program.Length > MaxInstructions)
            throw new SeccompException(
                $"{path}: the profile compiles to {program.Length} BPF instructions; the kernel accepts at most {MaxInstructions}");
        return new SeccompProgram(program, flags, skipped, ignored);
    }

    private static SeccompFilterFlags ParseFlags(IReadOnlyList<string>? flags, string path)
    {
        var result = SeccompFilterFlags.None;
        for (var i = 0; i < (flags?.Count ?? 0); i++)
        {
            result |= flags![i] switch
            {
                "SECCOMP_FILTER_FLAG_TSYNC" => SeccompFilterFlags.Tsync,
                "SECCOMP_FILTER_FLAG_LOG" => SeccompFilterFlags.Log,
                "SECCOMP_FILTER_FLAG_SPEC_ALLOW" => SeccompFilterFlags.SpecAllow,
                // Only meaningful with a user-notification listener, which SCMP_ACT_NOTIFY would need and we
                // reject; the kernel refuses the flag without one, so it is dropped (runc does the same).
                "SECCOMP_FILTER_FLAG_WAIT_KILLABLE_RECV" => SeccompFilterFlags.None,
                var other => throw new SeccompException($"{path}.flags[{i}]: unknown flag \"{other}\""),
            };
        }
        return result;
    }

    private static (List<SeccompArchitecture> Architectures, List<string> Ignored) ParseArchitectures(
        IReadOnlyList<string>? names, SeccompArchitecture native, string path)
    {
        // Native first: it is where nearly every syscall comes from, so its check is the first one.
        var architectures = new List<SeccompArchitecture> { native };
        var ignored = new List<string>();
        for (var i = 0; i < (names?.Count ?? 0); i++)
        {
            var name = names![i];
            if (SeccompArchitecture.Find(name) is { } arch)
            {
                if (!architectures.Contains(arch))
                    architectures.Add(arch);
            }
            else if (SeccompArchitecture.IsForeign(name))
            {
                if (!ignored.Contains(name))
                    ignored.Add(name);
            }
            else
            {
                throw new SeccompException($"{path}.architectures[{i}]: unknown architecture \"{name}\"");
            }
        }
        return (architectures, ignored);
    }

    /// <summary>The rules of the profile, one per (name, rule) in profile order, validated.</summary>
    private static List<(string Name, SeccompRule Rule)> ParseRules(
        IReadOnlyList<SeccompSyscallSpec>? syscalls, uint defaultAction, string path)
    {
        var rules = new List<(string, SeccompRule)>();
        for (var i = 0; i < (syscalls?.Count ?? 0); i++)
        {
            var syscall = syscalls![i];
            var at = $"{path}.syscalls[{i}]";
            if (syscall is null)
                throw new SeccompException($"{at}: null");
            if (syscall.Names is not { Count: > 0 })
                throw new SeccompException($"{at}.names: no syscall names");
            for (var n = 0; n < syscall.Names.Count; n++)
                if (string.IsNullOrEmpty(syscall.Names[n]))
                    throw new SeccompException($"{at}.names[{n}]: empty syscall name");
            var action = SeccompActions.Parse(syscall.Action, syscall.ErrnoRet, $"{at}.action");
            var args = syscall.Args ?? [];
            for (var a = 0; a < args.Count; a++)
            {
                if (args[a] is null)
                    throw new SeccompException($"{at}.args[{a}]: null");
                if (args[a].Index >= ArgumentCount)
                    throw new SeccompException($"{at}.args[{a}].index: {args[a].Index} is not an argument index (0-5)");
                if (!Operators.Contains(args[a].Op))
                    throw new SeccompException($"{at}.args[{a}].op: unknown operator \"{args[a].Op}\"");
            }

            // libseccomp refuses a rule whose action is the default one; runc skips such rules.
            if (action == defaultAction)
                continue;

            // runc: when one argument index appears more than once, each condition becomes a rule of its own
            // (an OR); otherwise the conditions form one rule (an AND).
            var repeated = args.GroupBy(arg => arg.Index).Any(g => g.Count() > 1);
            IEnumerable<SeccompRule> alternatives = repeated
                ? args.Select(arg => new SeccompRule(action, [arg]))
                : [new SeccompRule(action, args)];
            foreach (var rule in alternatives)
                foreach (var name in syscall.Names)
                    rules.Add((name, rule));
        }
        return rules;
    }
}
