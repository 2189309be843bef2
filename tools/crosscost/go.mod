module gosocket/tools/crosscost

go 1.26.0
