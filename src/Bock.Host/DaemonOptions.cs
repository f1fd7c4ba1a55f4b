namespace Bock.Host;

/// <summary>bockd's command line. Both roots are options so that tests run daemons side by side.</summary>
public sealed record DaemonOptions
{
    public string Root { get; init; } = "/var/lib/bock";
    public string RunRoot { get; init; } = "/run/bock";
    public string SocketPath { get; init; } = "/run/bock/bock.sock";

    /// <summary>Null: next to bockd, else /usr/local/bin/bock-oci, else on PATH.</summary>
    public string? BockOciPath { get; init; }

    /// <summary>Registries (host[:port]) spoken to over plain HTTP; loopback ones always are.</summary>
    public IReadOnlyList<string> InsecureRegistries { get; init; } = [];

    public bool Help { get; init; }

    public const string Usage = """
        Usage: bockd [options]

        The Bock daemon: runs containers and serves a Docker Engine API (v1.41+) on a unix socket.

        Options:
          --root PATH       state root (default /var/lib/bock)
          --run-root PATH   runtime state root (default /run/bock)
          --socket PATH     API socket (default /run/bock/bock.sock), mode 0660, owned by root
          --bock-oci PATH   the bock-oci binary (default: next to bockd, /usr/local/bin/bock-oci, or PATH)
          --insecure-registry HOST[:PORT]
                            a registry spoken to over plain HTTP (repeatable; loopback ones always are)
          -h, --help        show this help
        """;

    /// <exception cref="FormatException">An unknown option or one without its value.</exception>
    public static DaemonOptions Parse(IReadOnlyList<string> args)
    {
        var options = new DaemonOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var (name, inline) = args[i].IndexOf('=') is var eq and > 0 ? (args[i][..eq], args[i][(eq + 1)..]) : (args[i], null);
            string Value() => inline ?? (++i < args.Count ? args[i] : throw new FormatException($"{name} needs a value"));
            options = name switch
            {
                "-h" or "--help" => options with { Help = true },
                "--root" => options with { Root = Path.GetFullPath(Value()) },
                "--run-root" => options with { RunRoot = Path.GetFullPath(Value()) },
                "--socket" => options with { SocketPath = Path.GetFullPath(Value()) },
                "--bock-oci" => options with { BockOciPath = Path.GetFullPath(Value()) },
                "--insecure-registry" => options with { InsecureRegistries = [.. options.InsecureRegistries, Value()] },
                _ => throw new FormatException($"unknown option {args[i]}"),
            };
        }
        return options;
    }

    /// <summary>
    /// The longest run root whose shim sockets (<c>&lt;run-root&gt;/shims/&lt;64-hex id&gt;/attach.sock</c>) still fit
    /// in a unix socket address (107 bytes and a NUL).
    /// </summary>
    public const int MaxRunRootLength = 107 - 64 - 19; // 19: "/shims/" and "/attach.sock"

    /// <exception cref="FormatException">A root that cannot work, said before anything starts.</exception>
    public void Validate()
    {
        if (RunRoot.Length > MaxRunRootLength)
            throw new FormatException($"--run-root {RunRoot} is too long ({RunRoot.Length} characters, at most {MaxRunRootLength}): " +
                                      "each container's socket <run-root>/shims/<64-hex id>/attach.sock must fit in a unix socket path (107 bytes)");
    }

    public string FindBockOci()
    {
        if (BockOciPath is not null) return BockOciPath;
        var beside = Path.Combine(AppContext.BaseDirectory, "bock-oci");
        if (File.Exists(beside)) return beside;
        if (File.Exists("/usr/local/bin/bock-oci")) return "/usr/local/bin/bock-oci";
        foreach (var dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries))
            if (File.Exists(Path.Combine(dir, "bock-oci"))) return Path.Combine(dir, "bock-oci");
        throw new FileNotFoundException("bock-oci not found: pass --bock-oci PATH");
    }
}
