using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace Kecs.Scheduler.Tests;

/// <summary>
/// Makes a server answer the first request to one path late: the request is handled (EcsApi applies it) and its answer
/// is held back until the caller gives up or <paramref name="lateBy"/> has passed.
/// </summary>
public sealed class LateFirstAnswer(string path, TimeSpan lateBy) : IStartupFilter
{
    private int _requests;

    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.Use(async (context, handle) =>
        {
            if (context.Request.Path != path || Interlocked.Increment(ref _requests) != 1)
            {
                await handle(context);
                return;
            }

            var body = context.Response.Body;
            using var held = new MemoryStream();
            context.Response.Body = held;
            await handle(context);
            try
            {
                await Task.Delay(lateBy, context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            context.Response.Body = body;
            held.Position = 0;
            await held.CopyToAsync(body, context.RequestAborted);
        });
        next(app);
    };
}
