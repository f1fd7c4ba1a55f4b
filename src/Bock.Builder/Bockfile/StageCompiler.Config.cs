using System.Globalization;
using System.Text.RegularExpressions;
using Bock.Builder.Graph;

namespace Bock.Builder.Bockfile;

/// <summary>The stage's image config keys, compiled after its steps.</summary>
internal sealed partial class StageCompiler
{
    private static readonly string[] HealthcheckKeys = ["test", "interval", "timeout", "start_period", "start_interval", "retries"];

    [GeneratedRegex("^([0-9]+)(?:-([0-9]+))?(?:/(tcp|udp|sctp))?$")]
    private static partial Regex PortPattern();

    [GeneratedRegex("^(SIG[A-Z0-9]+(?:[+-][0-9]+)?|[0-9]+)$")]
    private static partial Regex SignalPattern();

    /// <summary>A config step is located at its key, where a reader looks for it.</summary>
    private SourceLocation At(string key) => _header.Fields.KeyOf(key).Location;

    private void CompileConfig()
    {
        var fields = _header.Fields;
        if (fields.Optional("env") is { } env) _steps.Add(Env(At("env"), env));
        if (fields.Optional("labels") is { } labels)
            _steps.Add(new LabelStep(At("labels"), [.. SpecValues.ScalarMap(labels, "labels").Select(l => KeyValuePair.Create(Expand(l.Key), Expand(l.Value)))]));
        if (fields.Optional("expose") is { } expose)
            _steps.Add(new ExposeStep(At("expose"), [.. SpecValues.ScalarList(expose, "expose").Select(Port)]));
        if (fields.Optional("volumes") is { } volumes)
            _steps.Add(new VolumeStep(At("volumes"), [.. SpecValues.ScalarList(volumes, "volumes").Select(Expand)]));
        if (fields.Optional("workdir") is { } workdir) _steps.Add(new WorkdirStep(At("workdir"), Expand(workdir, "workdir")));
        if (fields.Optional("user") is { } user) _steps.Add(new UserStep(At("user"), Expand(user, "user")));
        if (fields.Optional("stop_signal") is { } signal)
        {
            var value = Expand(signal, "stop_signal");
            if (!SignalPattern().IsMatch(value)) throw signal.Error($"stop_signal must be a signal name such as SIGTERM or a number, not '{value}'");
            _steps.Add(new StopSignalStep(At("stop_signal"), value));
        }
        if (fields.Optional("healthcheck") is { } healthcheck) _steps.Add(Healthcheck(At("healthcheck"), healthcheck));
        if (fields.Optional("onbuild") is { } onbuild)
            _steps.AddRange(SpecValues.ScalarList(onbuild, "onbuild").Select(o => new OnbuildStep(o.Location, o.Value)));
        if (fields.Optional("entrypoint") is { } entrypoint) _steps.Add(new EntrypointStep(At("entrypoint"), ImageCommand(entrypoint, "entrypoint")));
        if (fields.Optional("cmd") is { } cmd) _steps.Add(new CmdStep(At("cmd"), ImageCommand(cmd, "cmd")));
    }

    /// <summary>The shell form is stored wrapped in the stage's shell, as Docker stores it.</summary>
    private IReadOnlyList<string> ImageCommand(SpecNode value, string what)
    {
        var (command, shellForm) = Command(value, what);
        return shellForm ? [.. _scope.Shell, command[0]] : command;
    }

    /// <summary>A port as "80/tcp": a number gets tcp, as EXPOSE does.</summary>
    private string Port(SpecScalar scalar)
    {
        var port = Expand(scalar);
        var match = PortPattern().Match(port);
        bool InRange(Group g) => !g.Success || int.TryParse(g.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n is >= 1 and <= 65535;
        if (!match.Success || !InRange(match.Groups[1]) || !InRange(match.Groups[2]))
            throw scalar.Error($"'{port}' is not a port: a number 1-65535 or a range, optionally with /tcp, /udp or /sctp");
        return match.Groups[3].Success ? port : $"{port}/tcp";
    }

    private HealthcheckStep Healthcheck(SourceLocation at, SpecNode node)
    {
        if (node is SpecScalar { Value: "none" }) return new HealthcheckStep(at, ["NONE"]);
        var fields = new SpecFields(node, "healthcheck", HealthcheckKeys);
        var testNode = fields.Required("test");
        var (command, shellForm) = Command(testNode, "test");
        TimeSpan? Time(string key)
        {
            if (fields.Optional(key) is not { } value) return null;
            var text = SpecValues.Text(value, key);
            return Duration.TryParse(text) is { } time && time > TimeSpan.Zero
                ? time
                : throw value.Error($"{key} must be a duration with a unit such as 30s, 1m30s or 500ms, not '{text}'");
        }
        return new HealthcheckStep(at, shellForm ? ["CMD-SHELL", command[0]] : ["CMD", .. command])
        {
            Interval = Time("interval"),
            Timeout = Time("timeout"),
            StartPeriod = Time("start_period"),
            StartInterval = Time("start_interval"),
            Retries = fields.Optional("retries") is { } retries ? SpecValues.Int(retries, "retries") : null,
        };
    }
}
