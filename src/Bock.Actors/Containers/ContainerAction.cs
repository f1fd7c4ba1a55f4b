namespace Bock.Actors.Containers;

/// <summary>Docker's event action names, so that <c>bock events</c> reads as <c>docker events</c> does.</summary>
public static class ContainerAction
{
    public const string Create = "create";
    public const string Start = "start";
    public const string Restart = "restart";
    public const string Kill = "kill";
    public const string Die = "die";
    public const string Oom = "oom";
    public const string Stop = "stop";
    public const string Pause = "pause";
    public const string Unpause = "unpause";
    public const string Destroy = "destroy";
    public const string HealthStatus = "health_status";
}
