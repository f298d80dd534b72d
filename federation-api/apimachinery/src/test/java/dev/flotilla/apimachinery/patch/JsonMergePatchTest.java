package dev.flotilla.apimachinery.patch;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static dev.flotilla.apimachinery.TestTypes.json;
import static org.assertj.core.api.Assertions.assertThat;

class JsonMergePatchTest {

    /** The examples of RFC 7386 appendix A. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "{'a':'b'}|{'a':'c'}|{'a':'c'}",
            "{'a':'b'}|{'b':'c'}|{'a':'b','b':'c'}",
            "{'a':'b'}|{'a':null}|{}",
            "{'a':'b','b':'c'}|{'a':null}|{'b':'c'}",
            "{'a':['b']}|{'a':'c'}|{'a':'c'}",
            "{'a':'c'}|{'a':['b']}|{'a':['b']}",
            "{'a':{'b':'c'}}|{'a':{'b':'d','c':null}}|{'a':{'b':'d'}}",
            "{'a':[{'b':'c'}]}|{'a':[1]}|{'a':[1]}",
            "{'e':null}|{'a':1}|{'e':null,'a':1}",
            "[1,2]|{'a':'b','c':null}|{'a':'b'}",
            "{}|{'a':{'bb':{'ccc':null}}}|{'a':{'bb':{}}}"})
    void followsRfc7386(String target, String patch, String expected) {
        assertThat(JsonMergePatch.apply(json(target), json(patch))).isEqualTo(json(expected));
    }

    @Test
    void doesNotModifyTheTarget() {
        JsonNode target = json("{'metadata':{'labels':{'app':'web','tier':'frontend'}}}");
        JsonMergePatch.apply(target, json("{'metadata':{'labels':{'tier':null}}}"));
        assertThat(target).isEqualTo(json("{'metadata':{'labels':{'app':'web','tier':'frontend'}}}"));
    }
}
