using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Scari.Testing;

namespace Scari.IntegrationTests;

public sealed class CertificateKeyTests
{
    [Fact]
    public async Task Two_instances_starting_together_generate_and_publish_one_signing_key()
    {
        await using var database = await TestDatabase.CreateAsync();
        await using var first = ScariAppFactory.OnPostgres(database.ConnectionString);
        await using var second = ScariAppFactory.OnPostgres(database.ConnectionString);
        _ = first.Services;
        _ = second.Services;

        using var a = first.CreateClient();
        using var b = second.CreateClient();
        var pems = await Task.WhenAll(a.GetStringAsync("/.well-known/scari-certificados.pem"), b.GetStringAsync("/.well-known/scari-certificados.pem"));

        Assert.Equal(pems[0], pems[1]);
        Assert.Equal(1, await first.WithDbAsync(db => db.CertificateSigningKeys.CountAsync()));
    }

    [Fact]
    public async Task A_configured_key_is_used_instead_of_a_generated_one()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        await using var database = await TestDatabase.CreateAsync();
        await using var app = ScariAppFactory.OnPostgres(database.ConnectionString, ("Certificates:SigningKeyPem", key.ExportPkcs8PrivateKeyPem()));
        using var client = app.CreateClient();

        var pem = await client.GetStringAsync("/.well-known/scari-certificados.pem");

        Assert.Equal(key.ExportSubjectPublicKeyInfoPem(), pem);
        Assert.Equal(0, await app.WithDbAsync(db => db.CertificateSigningKeys.CountAsync()));
    }
}
