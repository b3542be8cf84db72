using System.Threading.Channels;
using Kecs.Ecs.Internal;

namespace Kecs.Scheduler.Reporting;

/// <summary>Observations waiting to be sent to EcsApi; <see cref="ReportSender"/> sends them in batches.</summary>
public sealed class ReportQueue
{
    private readonly Channel<object> _pending = Channel.CreateUnbounded<object>();

    public void Add(TaskObservation observation) => _pending.Writer.TryWrite(observation);

    public void Add(ServiceEventReport serviceEvent) => _pending.Writer.TryWrite(serviceEvent);

    internal ChannelReader<object> Reader => _pending.Reader;
}
