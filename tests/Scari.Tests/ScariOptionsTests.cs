using Microsoft.Extensions.Hosting.Internal;
using Scari.Web;

namespace Scari.Tests;

public sealed class ScariOptionsTests
{
    private static IReadOnlyList<string> Errors(ScariOptions options, string environment = "Development") =>
        new ScariOptionsValidation(new HostingEnvironment { EnvironmentName = environment }).Validate(null, options).Failures?.ToList() ?? [];

    [Fact]
    public void The_open_data_contact_must_be_an_email_address_when_given()
    {
        Assert.Empty(Errors(new ScariOptions()));
        Assert.Empty(Errors(new ScariOptions { OpenDataContactEmail = " datosabiertos@cartagena.gov.co " }));
        var error = Assert.Single(Errors(new ScariOptions { OpenDataContactEmail = "Oficina TIC" }));
        Assert.Contains("Scari:OpenDataContactEmail", error);
        Assert.Contains("«Oficina TIC»", error);
    }
}
