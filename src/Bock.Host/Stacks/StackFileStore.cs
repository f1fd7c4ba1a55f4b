using Bock.Kernel.Native;
using Bockrose.Stacks;

namespace Bock.Host.Stacks;

/// <summary>
/// The files of stacks' <c>environment:</c> secrets and <c>content:</c> configs, one root-only directory per project
/// under bockd's root (<c>stack-files/&lt;project&gt;</c>), bind-mounted read-only into the replicas. A file is
/// rewritten in place (same inode), so a replica that keeps running across an up sees the new content, as a bind
/// of the old file would not; its owner and mode are the reference's. Down removes the directory.
/// </summary>
internal sealed class StackFileStore(string root)
{
    private const UnixFileMode RootOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute;

    public string DirectoryOf(string project) => Path.Combine(root, project);

    public void Write(string project, IReadOnlyList<StackFile> files)
    {
        if (files.Count == 0) return;
        var directory = DirectoryOf(project);
        Directory.CreateDirectory(root, RootOnly);
        Directory.CreateDirectory(directory, RootOnly);
        // Made by an older bockd, or by hand: the secrets must not be readable through it.
        File.SetUnixFileMode(root, RootOnly);
        File.SetUnixFileMode(directory, RootOnly);
        foreach (var file in files)
        {
            if (Path.GetDirectoryName(file.Path) != directory)
                throw new StackRuntimeException($"{file.Path} is not in the stack's files directory {directory}");
            using (var stream = new FileStream(file.Path, new FileStreamOptions
                   {
                       Mode = FileMode.Create, // truncates an existing file: the replicas' binds keep seeing it
                       Access = FileAccess.Write,
                       UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite,
                   }))
            {
                stream.Write(System.Text.Encoding.UTF8.GetBytes(file.Content));
            }
            Unistd.Chown(file.Path, (uint)file.Uid, (uint)file.Gid);
            Unistd.Chmod(file.Path, (uint)(file.Mode & 0xFFF)); // 07777: chown cleared any set-id bits, chmod sets what was asked
        }
    }

    public void Remove(string project)
    {
        var directory = DirectoryOf(project);
        if (Directory.Exists(directory)) Directory.Delete(directory, recursive: true);
    }
}
