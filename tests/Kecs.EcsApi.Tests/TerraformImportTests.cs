namespace Kecs.EcsApi.Tests;

/// <summary>
/// <c>terraform import</c> with the AWS provider configured for an emulator (<c>skip_requesting_account_id</c>): it
/// looks resources up by ARNs without an account, and a faithful import plans no changes afterwards.
/// </summary>
[Trait("Category", "terraform")]
public sealed class TerraformImportTests : IAsyncDisposable
{
    private readonly EcsApiFactory _factory = new();
    private readonly EcsClient _ecs;

    public TerraformImportTests() => _ecs = _factory.CreateEcsClient(region: "us-east-1");

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact]
    public async Task A_cluster_and_its_service_made_elsewhere_import_and_plan_no_changes()
    {
        using var terraform = TerraformWorkspace.CreateOrSkip(_ecs.Http.BaseAddress!);
        await _ecs.ClusterAsync("legacy");
        await _ecs.OkAsync("RegisterTaskDefinition",
            """{"family": "web", "containerDefinitions": [{"name": "app", "image": "nginx:1.25", "memory": 128, "essential": true}]}""");
        await _ecs.OkAsync("CreateService", """{"cluster": "legacy", "serviceName": "websvc", "taskDefinition": "web", "desiredCount": 1}""");
        terraform.Configure("""
            resource "aws_ecs_cluster" "legacy" {
              name = "legacy"
            }

            resource "aws_ecs_service" "websvc" {
              name                          = "websvc"
              cluster                       = aws_ecs_cluster.legacy.arn
              task_definition               = "web:1"
              desired_count                 = 1
              availability_zone_rebalancing = "ENABLED"
            }
            """);

        await terraform.ExpectAsync(0, "init", "-input=false");
        await terraform.ExpectAsync(0, "import", "-input=false", "aws_ecs_cluster.legacy", "legacy");
        await terraform.ExpectAsync(0, "import", "-input=false", "aws_ecs_service.websvc", "legacy/websvc");
        var plan = await terraform.ExpectAsync(0, "plan", "-input=false", "-detailed-exitcode");

        Assert.Contains("No changes.", plan);
    }
}
