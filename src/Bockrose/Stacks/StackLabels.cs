namespace Bockrose.Stacks;

/// <summary>The labels docker compose v2 puts on what it creates, so that users' scripts and filters keep working.</summary>
public static class StackLabels
{
    public const string Project = "com.docker.compose.project";
    public const string Service = "com.docker.compose.service";
    public const string ContainerNumber = "com.docker.compose.container-number";
    public const string OneOff = "com.docker.compose.oneoff";
    public const string WorkingDir = "com.docker.compose.project.working_dir";
    public const string ConfigFiles = "com.docker.compose.project.config_files";
    public const string ConfigHash = "com.docker.compose.config-hash";
    public const string Version = "com.docker.compose.version";
    public const string DependsOn = "com.docker.compose.depends_on";
    public const string Image = "com.docker.compose.image";
    public const string Network = "com.docker.compose.network";
    public const string Volume = "com.docker.compose.volume";

    /// <summary>The compose version we answer to in com.docker.compose.version.</summary>
    public const string ComposeVersion = "2.29.0";
}
