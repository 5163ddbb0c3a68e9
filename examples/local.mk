include $(dir $(lastword $(filter local.mk %/local.mk,$(MAKEFILE_LIST))))../mk/spkgen.mk
