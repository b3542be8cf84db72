using System.Threading.Channels;
using Kecs.Ecs.Internal;

namespace Kecs.Scheduler.Reporting;

/// <summary>Observations waiting to be sent to EcsApi; <see cref="ReportSender"/> sends them in batches.</summary>
public sealed class ReportQueue
{
    private readonly Channel<TaskObservation> _pending = Channel.CreateUnbounded<TaskObservation>();

    public void Add(TaskObservation observation) => _pending.Writer.TryWrite(observation);

    internal ChannelReader<TaskObservation> Reader => _pending.Reader;
}
