using System.Buffers.Binary;
using System.Text;

namespace Bock.Host.Tests.Support;

/// <summary>Splits a body of Docker's multiplexed frames into (stream, text) pairs.</summary>
public static class Frames
{
    public static List<(int Stream, string Text)> Parse(byte[] body)
    {
        List<(int, string)> frames = [];
        for (var at = 0; at < body.Length;)
        {
            Assert.True(body.Length - at >= 8, "a truncated frame header");
            var size = (int)BinaryPrimitives.ReadUInt32BigEndian(body.AsSpan(at + 4));
            frames.Add((body[at], Encoding.UTF8.GetString(body, at + 8, size)));
            at += 8 + size;
        }
        return frames;
    }
}
