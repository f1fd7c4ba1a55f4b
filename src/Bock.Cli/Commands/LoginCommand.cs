using Bock.Cli.CommandLine;

namespace Bock.Cli.Commands;

internal sealed class LoginCommand : ICommand
{
    public string Name => "login";
    public string Arguments => "[SERVER]";
    public string Summary => "Authenticate to a registry";

    public FlagSet Flags(string commandPath) => new FlagSet(commandPath)
        .Value("username", 'u', "Username")
        .Value("password", 'p', "Password")
        .Bool("password-stdin", null, "Take the password from stdin");

    public async Task<int> RunAsync(ParsedFlags flags, CliContext context)
    {
        var server = flags.Arguments(0, 1) is [var s] ? s : "https://index.docker.io/v1/";
        var user = flags.Value("username");
        var password = flags.Value("password");
        if (flags.Bool("password-stdin"))
        {
            if (password is not null) throw new UsageException("--password and --password-stdin are mutually exclusive");
            password = (await Console.In.ReadToEndAsync()).TrimEnd('\n', '\r');
        }
        if (user is null)
        {
            await context.Out.WriteAsync("Username: ");
            user = Console.ReadLine()?.Trim();
        }
        if (password is null)
        {
            await context.Out.WriteAsync("Password: ");
            password = ReadHidden();
        }
        if (string.IsNullOrEmpty(user) || string.IsNullOrEmpty(password))
            throw new UsageException("Error: Cannot perform an interactive login from a non TTY device");
        var body = System.Text.Encoding.UTF8.GetBytes(System.Text.Json.JsonSerializer.Serialize(
            new Dictionary<string, string> { ["username"] = user, ["password"] = password, ["serveraddress"] = server },
            Output.CliJsonContext.Default.DictionaryStringString));
        var answer = await context.Daemon.SendAsync(HttpMethod.Post, "auth", new Daemon.JsonBytesContent(body), context.Cancellation);
        answer.Dispose();
        RegistryAuth.Write(server, (user, password));
        await context.Out.WriteLineAsync("Login Succeeded");
        return 0;
    }

    private static string ReadHidden()
    {
        var saved = Native.Termios.IsTerminal(0) ? Native.Termios.MakeRaw(0) : null;
        try
        {
            var password = new System.Text.StringBuilder();
            int c;
            while ((c = Console.In.Read()) is not (-1 or '\n' or '\r')) password.Append((char)c);
            return password.ToString();
        }
        finally
        {
            if (saved is { } state) Native.Termios.Restore(0, state);
            Console.WriteLine();
        }
    }
}
