using Bock.Api.Dtos;
using Bock.Cli.CommandLine;

namespace Bock.Cli.Commands;

/// <summary><c>--mount type=bind|volume|tmpfs,source=…,target=…[,readonly][,tmpfs-size=…][,tmpfs-mode=…]</c>.</summary>
internal static class MountSpec
{
    public static MountDto Parse(string spec)
    {
        string? type = "volume", source = null, target = null;
        var readOnly = false;
        long size = 0;
        var mode = 0;
        foreach (var field in spec.Split(','))
        {
            var kv = field.Split('=', 2);
            var key = kv[0].Trim().ToLowerInvariant();
            var value = kv.Length > 1 ? kv[1] : null;
            switch (key)
            {
                case "type": type = value; break;
                case "source" or "src": source = value; break;
                case "target" or "destination" or "dst": target = value; break;
                case "readonly" or "ro": readOnly = value is null or "1" or "true"; break;
                case "tmpfs-size": size = ValueParsers.Bytes(value ?? "", "mount"); break;
                case "tmpfs-mode": mode = Convert.ToInt32(value ?? "0", 8); break;
                case "bind-propagation" or "volume-nocopy" or "consistency": break;
                default: throw Invalid(spec, $"unexpected key '{key}' in '{field}'");
            }
        }
        if (type is not ("bind" or "volume" or "tmpfs")) throw Invalid(spec, $"invalid mount type \"{type}\"");
        if (string.IsNullOrEmpty(target)) throw Invalid(spec, "target is required");
        if (!target.StartsWith('/')) throw Invalid(spec, $"invalid mount path: '{target}' mount path must be absolute");
        if (type == "bind" && string.IsNullOrEmpty(source)) throw Invalid(spec, "source is required when specifying bind mount");
        if (type == "tmpfs" && source is not null) throw Invalid(spec, "source is not supported for tmpfs mounts");
        if (type == "bind") source = Path.GetFullPath(source!);
        return new MountDto
        {
            Type = type,
            Source = source,
            Target = target,
            ReadOnly = readOnly,
            TmpfsOptions = type == "tmpfs" && (size > 0 || mode > 0) ? new TmpfsOptionsDto { SizeBytes = size, Mode = mode } : null,
        };
    }

    private static UsageException Invalid(string spec, string why) => new($"invalid argument \"{spec}\" for \"--mount\" flag: {why}");
}
