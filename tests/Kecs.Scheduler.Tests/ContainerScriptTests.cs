using Kecs.Ecs.Model;
using Kecs.Scheduler.Simulated;

namespace Kecs.Scheduler.Tests;

public sealed class ContainerScriptTests
{
    [Theory]
    [InlineData(null, """["sh", "-c", "sleep 2; exit 3"]""", 2.0, 3)]
    [InlineData(null, """["/bin/bash", "-c", "echo starting && sleep 0.5 && exit 256"]""", 0.5, 0)]
    [InlineData("""["sh", "-c"]""", """["sleep 1\nexit 42"]""", 1.0, 42)]
    [InlineData(null, """["sleep", "5"]""", 5.0, 0)]
    [InlineData(null, """["exit", "7"]""", 0.0, 7)]
    [InlineData(null, """["sh", "-c", "exit"]""", 0.0, 0)]
    [InlineData(null, """["true"]""", 0.0, 0)]
    [InlineData(null, """["sh", "-c", "sleep 1; exit 2; exit 9"]""", 1.0, 2)]
    public void A_command_made_of_the_script_statements_exits_as_a_shell_would(string? entryPoint, string command, double seconds, int exitCode)
    {
        var script = ContainerScript.Of(Container(entryPoint, command), overrides: null);

        Assert.Equal(TimeSpan.FromSeconds(seconds), script.ExitsAfter);
        Assert.Equal(exitCode, script.ExitCode);
    }

    [Theory]
    [InlineData(null, "[]")]
    [InlineData(null, """["nginx", "-g", "daemon off;"]""")]
    [InlineData(null, """["sh", "-c", "sleep 1; nginx"]""")]
    [InlineData(null, """["sleep", "infinity"]""")]
    [InlineData(null, """["sh", "-c", "sleep 2000000; sleep 2000000; exit 1"]""")]
    [InlineData("""["/docker-entrypoint.sh"]""", """["exit", "1"]""")]
    public void Any_other_command_runs_until_the_task_is_stopped(string? entryPoint, string command)
    {
        var script = ContainerScript.Of(Container(entryPoint, command), overrides: null);

        Assert.Null(script.ExitsAfter);
    }

    [Fact]
    public void What_a_script_echoes_is_its_log_each_line_at_its_time_until_a_statement_it_does_not_understand()
    {
        var script = ContainerScript.Of(
            Container(null, """["sh", "-c", "echo starting;sleep 1.5 && echo  'two  spaces' ; echo \"quoted\"; nginx; echo never"]"""), overrides: null);

        Assert.Equal(
            [new EchoedLine(TimeSpan.Zero, "starting"), new EchoedLine(TimeSpan.FromSeconds(1.5), "two  spaces"), new EchoedLine(TimeSpan.FromSeconds(1.5), "quoted")],
            script.Log);
        Assert.Null(script.ExitsAfter);
    }

    [Fact]
    public void A_command_override_replaces_the_definitions_command()
    {
        var container = Container(null, """["sleep", "60"]""");

        var script = ContainerScript.Of(container, new ContainerOverride { Name = "app", Command = ["exit", "4"] });

        Assert.Equal((TimeSpan.Zero, 4), (script.ExitsAfter!.Value, script.ExitCode));
    }

    [Theory]
    [InlineData("registry.invalid/app:1", true)]
    [InlineData("my.registry.INVALID:5000/team/app@sha256:abc", true)]
    [InlineData("nginx:1.25", false)]
    [InlineData("invalid/app:1", false)]
    [InlineData("public.ecr.aws/app.invalid:1", false)]
    public void Only_images_from_a_registry_under_the_invalid_domain_cannot_be_pulled(string image, bool cannotPull)
    {
        var container = Container(null, "[]");
        container.Image = image;

        Assert.Equal(cannotPull, ContainerScript.Of(container, overrides: null).CannotPull);
    }

    private static ContainerDefinition Container(string? entryPoint, string command) => new()
    {
        Name = "app",
        Image = "busybox:1.36",
        EntryPoint = entryPoint is null ? null : System.Text.Json.JsonSerializer.Deserialize<List<string>>(entryPoint),
        Command = System.Text.Json.JsonSerializer.Deserialize<List<string>>(command),
    };
}
