module shipshape.local/tools/peers/kubeconform-schemas

go 1.22
