using Bock.Kernel.Spec;

namespace Bock.Kernel.Cgroups.V1;

/// <summary>v1 devices controller: deny everything, then replay the OCI rules in order (later rules win).</summary>
internal static class DevicesV1
{
    public const string Allow = "devices.allow", Deny = "devices.deny";

    public static void Apply(string dir, IReadOnlyList<DeviceCgroupRuleSpec> rules)
    {
        CgroupFiles.Write(dir, Deny, "a");
        foreach (var rule in rules)
            CgroupFiles.Write(dir, rule.Allow ? Allow : Deny, Format(rule));
    }

    /// <summary>"type major:minor access", e.g. <c>c 1:3 rwm</c>; a missing number is "*".</summary>
    public static string Format(DeviceCgroupRuleSpec rule)
    {
        var type = string.IsNullOrEmpty(rule.Type) ? "a" : rule.Type;
        if (type is not ("a" or "b" or "c"))
            throw new CgroupException($"devices: rule type \"{type}\" is not one of a, b, c");
        var access = string.IsNullOrEmpty(rule.Access) ? "rwm" : rule.Access;
        if (access.Any(c => c is not ('r' or 'w' or 'm')))
            throw new CgroupException($"devices: rule access \"{access}\" may only contain r, w, m");
        var major = rule.Major is { } ma and >= 0 ? ma.ToString() : "*";
        var minor = rule.Minor is { } mi and >= 0 ? mi.ToString() : "*";
        return $"{type} {major}:{minor} {access}";
    }
}
