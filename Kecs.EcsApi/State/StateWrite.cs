namespace Kecs.EcsApi.State;

/// <summary>
/// One write's view of the state: what has committed, the writes committed with it in this group, and its own
/// changes so far. A write validates against <see cref="State"/> and changes rows only through this object, which
/// keeps the rows to persist; nothing it does is seen by readers until its group has committed in DuckDB.
/// </summary>
public sealed class StateWrite(EcsState start)
{
    private readonly List<(IRow Row, bool Deleted)> _rows = [];

    public EcsState State { get; private set; } = start;

    /// <summary>The rows to write (or delete) in DuckDB, in the order they changed.</summary>
    internal IReadOnlyList<(IRow Row, bool Deleted)> Rows => _rows;

    public void Put(ClusterRow row) => Record(State.Put(row), row);

    public void Put(TaskDefinitionFamilyRow row) => Record(State.Put(row), row);

    public void Put(TaskDefinitionRow row) => Record(State.Put(row), row);

    public void Delete(TaskDefinitionRow row) => Record(State.Remove(row), row, deleted: true);

    public void Put(ServiceRow row) => Record(State.Put(row), row);

    public void Put(TaskRow row) => Record(State.Put(row), row);

    public void Delete(TaskRow row) => Record(State.Remove(row), row, deleted: true);

    public void Put(TagsRow row) => Record(State.Put(row), row);

    public void Delete(TagsRow row) => Record(State.Remove(row), row, deleted: true);

    public void Put(RunTaskTokenRow row) => Record(State.Put(row), row);

    public void Delete(RunTaskTokenRow row) => Record(State.Remove(row), row, deleted: true);

    public void Put(AccountSettingRow row) => Record(State.Put(row), row);

    public void Delete(AccountSettingRow row) => Record(State.Remove(row), row, deleted: true);

    public void Put(CapacityProviderRow row) => Record(State.Put(row), row);

    public void Put(ContainerInstanceRow row) => Record(State.Put(row), row);

    public void Put(KubeNodeRow row) => Record(State.Put(row), row);

    public void Delete(KubeNodeRow row) => Record(State.Remove(row), row, deleted: true);

    public void Put(DaemonTaskDefinitionRow row) => Record(State.Put(row), row);

    public void Put(DaemonRow row) => Record(State.Put(row), row);

    public void Delete(DaemonRow row) => Record(State.Remove(row), row, deleted: true);

    public void Put(NodeStateRow row) => Record(State.Put(row), row);

    public void Put(ServiceDeploymentRow row) => Record(State.Put(row), row);

    public void Delete(ServiceDeploymentRow row) => Record(State.Remove(row), row, deleted: true);

    public void Put(ServiceRevisionRow row) => Record(State.Put(row), row);

    public void Delete(ServiceRevisionRow row) => Record(State.Remove(row), row, deleted: true);

    /// <summary>Puts a resource in the change feed, so the Scheduler looks at it again.</summary>
    public void Changed(string kind, string arn)
    {
        var next = State.Changed(kind, arn, out var change);
        Record(next, change);
    }

    private void Record(EcsState next, IRow row, bool deleted = false)
    {
        State = next;
        _rows.Add((row, deleted));
    }
}
