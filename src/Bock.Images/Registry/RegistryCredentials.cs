namespace Bock.Images.Registry;

public sealed record RegistryCredentials(string Username, string Password)
{
    public string BasicValue => Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{Username}:{Password}"));

    public override string ToString() => $"RegistryCredentials {{ Username = {Username} }}";
}
