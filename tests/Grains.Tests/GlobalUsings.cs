global using GitIntegration.Grains.Tests.Support;
