using Microsoft.AspNetCore.Http;

namespace Kecs.ServiceDefaults;

/// <summary>Passes a stream on to an HTTP response as it arrives, flushing each chunk, so a followed log reaches the caller line by line.</summary>
public static class StreamRelay
{
    public static async Task CopyFlushingAsync(Stream source, HttpResponse response, CancellationToken cancellation)
    {
        var buffer = new byte[16 * 1024];
        int read;
        while ((read = await source.ReadAsync(buffer, cancellation)) > 0)
        {
            await response.Body.WriteAsync(buffer.AsMemory(0, read), cancellation);
            await response.Body.FlushAsync(cancellation);
        }
    }
}
