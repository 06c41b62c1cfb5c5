namespace GitIntegration.Grains;
