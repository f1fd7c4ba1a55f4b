using Bock.Api.Dtos;
using Bockrose.Compose;

namespace Bockrose.Stacks;

/// <summary>A <see cref="StackRequest"/> through the compose loader; a bad file is a <see cref="ComposeException"/>.</summary>
public static class StackLoading
{
    public static LoadedProject Load(StackRequest request) => Load(StackRequestDefaults.Apply(request), true);

    private static LoadedProject Load(StackRequest request, bool _) => ComposeLoader.Load(new LoadOptions
    {
        WorkingDirectory = request.WorkingDir,
        Files = request.Files,
        ProjectName = string.IsNullOrEmpty(request.ProjectName) ? null : request.ProjectName,
        EnvFiles = request.EnvFiles,
        Profiles = request.Profiles,
        Environment = request.Environment,
    });

    public static StackDefinition Define(StackRequest request, IReadOnlyDictionary<string, int> scale)
    {
        var loaded = Load(request);
        foreach (var (name, _) in scale)
            if (!loaded.Project.Services.ContainsKey(name))
                throw new ComposeException(null, $"no such service: {name}");
        var named = loaded.Project.Secrets.Values.Concat(loaded.Project.Configs.Values).Select(d => d.Environment).OfType<string>().ToHashSet(StringComparer.Ordinal);
        return new StackDefinition(request, loaded.Project, loaded.Files, scale)
        {
            FileVariables = loaded.Variables.Where(v => named.Contains(v.Key)).ToDictionary(StringComparer.Ordinal),
        };
    }
}
