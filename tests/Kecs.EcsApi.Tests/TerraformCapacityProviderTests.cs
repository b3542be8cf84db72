namespace Kecs.EcsApi.Tests;

/// <summary>Terraform's <c>aws_ecs_capacity_provider</c> against Kecs: created, planned without changes, destroyed.</summary>
[Trait("Category", "terraform")]
public sealed class TerraformCapacityProviderTests : IAsyncDisposable
{
    private readonly EcsApiFactory _factory = new();
    private readonly EcsClient _ecs;

    public TerraformCapacityProviderTests() => _ecs = _factory.CreateEcsClient(region: "us-east-1");

    public ValueTask DisposeAsync() => _factory.DisposeAsync();

    [Fact]
    public async Task A_capacity_provider_and_its_cluster_association_apply_plan_clean_and_destroy()
    {
        using var terraform = TerraformWorkspace.CreateOrSkip(_ecs.Http.BaseAddress!);
        terraform.Configure("""
            resource "aws_ecs_capacity_provider" "asg" {
              name = "asg-provider"

              auto_scaling_group_provider {
                auto_scaling_group_arn         = "arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup:uuid:autoScalingGroupName/asg-1"
                managed_termination_protection = "ENABLED"

                managed_scaling {
                  status          = "ENABLED"
                  target_capacity = 90
                }
              }

              tags = {
                team = "ops"
              }
            }

            resource "aws_ecs_cluster" "demo" {
              name = "demo"
            }

            resource "aws_ecs_cluster_capacity_providers" "demo" {
              cluster_name       = aws_ecs_cluster.demo.name
              capacity_providers = [aws_ecs_capacity_provider.asg.name]

              default_capacity_provider_strategy {
                capacity_provider = aws_ecs_capacity_provider.asg.name
                weight            = 1
              }
            }
            """);

        await terraform.ExpectAsync(0, "init", "-input=false");
        await terraform.ExpectAsync(0, "apply", "-input=false", "-auto-approve");
        var plan = await terraform.ExpectAsync(0, "plan", "-input=false", "-detailed-exitcode");
        var described = await _ecs.OkAsync("DescribeCapacityProviders", """{"capacityProviders": ["asg-provider"], "include": ["TAGS"]}""");
        await terraform.ExpectAsync(0, "destroy", "-input=false", "-auto-approve");
        var after = await _ecs.OkAsync("DescribeCapacityProviders", """{"capacityProviders": ["asg-provider"]}""");

        Assert.Contains("No changes.", plan);
        Assert.Equal("""[{"key":"team","value":"ops"}]""", described["capacityProviders"]![0]!["tags"]!.ToJsonString());
        Assert.Equal("INACTIVE", after["capacityProviders"]![0]!["status"].Text());
    }
}
