using System.Diagnostics;
using System.ComponentModel;

namespace Bock.Kernel.Nftables;

/// <summary>
/// Runs the nft program: scripts on stdin (<c>nft -f -</c>, one transaction each) and JSON listings, optionally
/// inside another network namespace. nft's own error text becomes the <see cref="NftablesException"/>.
/// </summary>
internal sealed class NftCommand(string nftPath, string? netnsPath) : INftCommand
{
    // nft prints this (ENOENT) for a table that does not exist.
    private const string NoSuchTable = "No such file or directory";

    public void Apply(string script)
    {
        var (exitCode, _, stderr) = Run(["-f", "-"], script);
        if (exitCode != 0)
            throw new NftablesException("nft refused the script", stderr + "\n" + script);
    }

    public string? ListTable(string table)
    {
        var (exitCode, stdout, stderr) = Run(["-j", "list", "table", "ip", table], null);
        if (exitCode == 0)
            return stdout;
        if (stderr.Contains(NoSuchTable, StringComparison.Ordinal))
            return null;
        throw new NftablesException($"nft -j list table ip {table}", stderr);
    }

    private (int ExitCode, string Stdout, string Stderr) Run(string[] arguments, string? stdin) =>
        NetworkNamespaceThread.Run(netnsPath, () =>
        {
            var info = new ProcessStartInfo(nftPath)
            {
                UseShellExecute = false,
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            };
            foreach (var argument in arguments)
                info.ArgumentList.Add(argument);
            Process process;
            try
            {
                // Started from this thread, so the child is in this thread's network namespace.
                process = Process.Start(info)!;
            }
            catch (Win32Exception e)
            {
                throw new NftablesException($"cannot run {nftPath} (Debian package nftables)", e.Message);
            }
            using (process)
            {
                var stdout = process.StandardOutput.ReadToEndAsync();
                var stderr = process.StandardError.ReadToEndAsync();
                try
                {
                    process.StandardInput.Write(stdin ?? "");
                    process.StandardInput.Close();
                }
                catch (IOException)
                {
                    // nft exited without reading all of it (EPIPE): its exit code and stderr tell why.
                }
                process.WaitForExit();
                return (process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
            }
        });
}
