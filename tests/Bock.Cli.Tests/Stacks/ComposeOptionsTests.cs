using System.Collections;
using Bock.Cli.CommandLine;

namespace Bock.Cli.Tests.Stacks;

public sealed class ComposeOptionsTests
{
    [Fact]
    public void Files_and_env_files_become_absolute_and_the_project_directory_is_the_first_files()
    {
        var (_, request, _, _) = StackArgs.Parse("/home/u/app", "-f", "deploy/compose.yaml", "-f", "/etc/over.yaml", "--env-file", "x.env", "--profile", "debug", "--profile", "ops", "ps");
        Assert.Equal(["/home/u/app/deploy/compose.yaml", "/etc/over.yaml"], request.Files);
        Assert.Equal("/home/u/app/deploy", request.WorkingDir);
        Assert.Equal(["/home/u/app/x.env"], request.EnvFiles);
        Assert.Equal(["debug", "ops"], request.Profiles);
        Assert.Null(request.ProjectName);
    }

    [Fact]
    public void Without_files_the_daemon_searches_the_current_directory_unless_a_project_directory_is_given()
    {
        Assert.Equal("/srv/a", StackArgs.Parse("/srv/a", "ps").Request.WorkingDir);
        Assert.Empty(StackArgs.Parse("/srv/a", "ps").Request.Files);
        Assert.Equal("/srv/b", StackArgs.Parse("/srv/a", "--project-directory", "../b", "-f", "c/compose.yaml", "ps").Request.WorkingDir);
    }

    [Fact]
    public void The_whole_environment_travels_so_compose_variables_work_in_the_daemon()
    {
        var environment = new Hashtable { ["COMPOSE_PROJECT_NAME"] = "shop", ["TAG"] = "1.2" };
        var request = StackArgs.Parse("/w", environment, "config").Request;
        Assert.Equal("shop", request.Environment["COMPOSE_PROJECT_NAME"]);
        Assert.Equal("1.2", request.Environment["TAG"]);
    }

    [Fact]
    public void A_project_name_is_lower_cased_and_a_bad_one_refused()
    {
        Assert.Equal("myapp", StackArgs.Parse("/w", "-p", "MyApp", "ps").Request.ProjectName);
        Assert.Throws<UsageException>(() => StackArgs.Parse("/w", "-p", "my app", "ps"));
        Assert.Throws<UsageException>(() => StackArgs.Parse("/w", "--project-name", "-x", "ps"));
    }

    [Fact]
    public void Global_flags_after_the_command_are_the_commands_and_unknown_ones_are_refused()
    {
        Assert.Throws<UsageException>(() => StackArgs.Parse("/w", "ps", "-p", "x"));
    }
}
