namespace Bock.Oci.Runtime;

/// <summary>Undo actions registered as resources are made; on failure they run newest first, and each runs even
/// if an earlier one fails, so a failed create leaves nothing behind.</summary>
public sealed class CleanupStack
{
    private readonly Stack<(string What, Action Undo)> _undo = new();

    public void Push(string what, Action undo) => _undo.Push((what, undo));

    /// <summary>Forget everything: the operation succeeded and the resources now belong to the container.</summary>
    public void Commit() => _undo.Clear();

    public void Unwind()
    {
        while (_undo.TryPop(out var entry))
        {
            try
            {
                entry.Undo();
            }
            catch (Exception e)
            {
                Log.Warn($"cleanup of {entry.What} failed: {e.Message}");
            }
        }
    }
}
