using System.Text.Json;
using Bock.Builder.Graph;

namespace Bock.Builder.Execution;

/// <summary>How a step is shown (progress lines, history's created_by) and the instruction part of its cache key.</summary>
internal static class StepText
{
    public static string Of(BuildStep step) => step switch
    {
        RunStep r => "RUN " + Flags(r) + (r.ShellForm ? r.Command.FirstOrDefault() ?? "" : string.Join(' ', r.Command)),
        CopyStep c when c.Sources.Count == 0 && c.Inline.Count > 0 => $"COPY <<{string.Join(" <<", c.Inline.Select(i => i.Name))} {c.Destination}",
        CopyStep c => (c.IsAdd ? "ADD " : "COPY ") + CopyFlags(c) + string.Join(' ', c.Sources) + " " + c.Destination,
        EnvStep e => "ENV " + string.Join(' ', e.Variables.Select(v => $"{v.Key}={v.Value}")),
        LabelStep l => "LABEL " + string.Join(' ', l.Labels.Select(v => $"{v.Key}={v.Value}")),
        WorkdirStep w => "WORKDIR " + w.Path,
        UserStep u => "USER " + u.User,
        ArgStep a => "ARG " + a.Name + (a.Default is null ? "" : "=" + a.Default),
        ExposeStep e => "EXPOSE " + string.Join(' ', e.Ports),
        VolumeStep v => "VOLUME " + Json(v.Paths),
        EntrypointStep e => "ENTRYPOINT " + Json(e.Command),
        CmdStep c => "CMD " + Json(c.Command),
        ShellStep s => "SHELL " + Json(s.Shell),
        StopSignalStep s => "STOPSIGNAL " + s.Signal,
        HealthcheckStep h => "HEALTHCHECK " + Json(h.Test),
        OnbuildStep o => "ONBUILD " + o.Instruction,
        _ => step.GetType().Name,
    };

    private static string Flags(RunStep r) =>
        string.Concat(r.Mounts.Select(m => $"--mount=type={m.Type},target={m.Target} ")) + (r.Network is { } n ? $"--network={n} " : "");

    private static string CopyFlags(CopyStep c) =>
        (c.FromStage is { } f ? $"--from={f} " : "") + (c.Chown is { } o ? $"--chown={o} " : "") + (c.Chmod is { } m ? $"--chmod={m} " : "") + (c.Link ? "--link " : "");

    public static string Json(IReadOnlyList<string> words) => JsonSerializer.Serialize(words, StepTextJsonContext.Default.IReadOnlyListString);
}

[System.Text.Json.Serialization.JsonSerializable(typeof(IReadOnlyList<string>))]
internal sealed partial class StepTextJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
